"""The client's homework. (Placeholder while issue 6 is built; replaced by the real page.)"""

from django.http import HttpResponse

from journal.access import private_page


@private_page
def homework(request):
    return HttpResponse("Homework is being built.")

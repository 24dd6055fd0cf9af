"""The therapist's pages about their clients. (Placeholder while issue 6 is built.)"""

from django.http import HttpResponse

from compassion_site.accounts.access import therapist_page


@therapist_page
def care_overview(request):
    return HttpResponse("The overview is being built.")

"""What a person did and wrote. Runs, answers and entries arrive with the practice flow."""

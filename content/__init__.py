"""coach's built-in content: step guidance, question banks and help, as data files.

Read with importlib.resources.files("coach.content"); see coach.content loader.
"""

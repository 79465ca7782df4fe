"""Qt-free state machines for everything a person does at the terminal (DESIGN §3 rule 3).

The UI attaches one screen to each state and forwards user events; it never decides where to go.
"""

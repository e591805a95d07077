def load_demo(council, people):
    return None

"""The security log's lines as the tests read them."""

import json


def entries(stream):
    return [json.loads(line) for line in stream.getvalue().splitlines()]

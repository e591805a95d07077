"""Being written."""



def plan_list(request, *args, **kwargs):
    raise NotImplementedError


def plan_start(request, *args, **kwargs):
    raise NotImplementedError


def plan_page(request, *args, **kwargs):
    raise NotImplementedError


def plan_edit(request, *args, **kwargs):
    raise NotImplementedError

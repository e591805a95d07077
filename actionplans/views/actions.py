"""Being written."""



def action_add(request, *args, **kwargs):
    raise NotImplementedError


def action_page(request, *args, **kwargs):
    raise NotImplementedError


def action_edit(request, *args, **kwargs):
    raise NotImplementedError


def action_update(request, *args, **kwargs):
    raise NotImplementedError

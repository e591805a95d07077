"""Being written."""



def upload(request, *args, **kwargs):
    raise NotImplementedError


def preview(request, *args, **kwargs):
    raise NotImplementedError

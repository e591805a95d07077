"""Being written."""



def take_step(request, *args, **kwargs):
    raise NotImplementedError

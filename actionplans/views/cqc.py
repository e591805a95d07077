"""Being written."""



def assessment_list(request, *args, **kwargs):
    raise NotImplementedError


def assessment_start(request, *args, **kwargs):
    raise NotImplementedError


def assessment_page(request, *args, **kwargs):
    raise NotImplementedError

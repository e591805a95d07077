"""Being written."""



def plan_pdf(request, *args, **kwargs):
    raise NotImplementedError


def progress_report(request, *args, **kwargs):
    raise NotImplementedError

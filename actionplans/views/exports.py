"""Being written."""



def plan_xlsx(request, *args, **kwargs):
    raise NotImplementedError


def plan_csv(request, *args, **kwargs):
    raise NotImplementedError

from joinedup.partnerships import navigation
from joinedup.partnerships.selectors import partnerships_for_user


def partnership(request):
    access = getattr(request, "partnership_access", None)
    user = getattr(request, "user", None)
    return {
        "current_partnership": access.partnership if access else None,
        "partnership_access": access,
        "partnership_nav": navigation.items_for(request, access) if access else [],
        "user_partnerships": partnerships_for_user(user) if user and user.is_authenticated else [],
    }

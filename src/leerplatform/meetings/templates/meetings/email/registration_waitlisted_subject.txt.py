BBBB BBBB gettext(u'On the waiting list: %(meeting)s') SS SSS SSSSSSS SSSSS SSSSSSSSSSS

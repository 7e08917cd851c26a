BBBB BBBB gettext(u'You are registered: %(meeting)s') SSS SSS SSSSSSSSSSS SSSSSSSSSSS

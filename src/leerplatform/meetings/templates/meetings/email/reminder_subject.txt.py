BBBB BBBB gettext(u'Reminder: %(title)s on %(date)s') SSSSSSSSS SSSSSSSSS SS SSSSSSSS

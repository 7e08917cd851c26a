BBBB BBBB gettext(u"Reminder: your learning group's progress report for “%(title)s”") SSSSSSSSS SSSS SSSSSSSS SSSSSSS SSSSSSSS SSSSSS SSS SSSSSSSSSSS

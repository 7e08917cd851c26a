BBBB BBBB gettext(u'Your application for %(edition)s: on the waiting list') SSSS SSSSSSSSSSS SSS SSSSSSSSSSSS SS SSS SSSSSSS SSSS

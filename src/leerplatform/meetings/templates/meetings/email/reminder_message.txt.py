BBBB BBBBBBBBBBBBBB BBB gettext(u'Dear %(name)s,') SSSS SSSSSSSSS

 gettext(u'This is a reminder: you are registered for “%(title)s” of %(edition)s.') SSSS SS S SSSSSSSSS SSS SSS SSSSSSSSSS SSS SSSSSSSSSSS SS SSSSSSSSSSSS

 gettext(u'Date') X FFFFFFF F F FF
 gettext(u'Time') X FFFFFFFFFFXFFFFFFFFFF
BB BBBBBBBBBBBBBBBBBB BB BBBBBBBBBBBBBBBBBBBBB gettext(u'Venue') X BB BBBBBBBBBBBBBBBBBB BBB BBBBBBBBBBBBBBBBBBBBBX BBBBB
BBBBB
 gettext(u'The programme and directions:') 


 gettext(u'Add the meeting to your calendar:') 

BB BBBBBBBBBB
 gettext(u'Can you not come after all? Cancel your registration here, so that someone else can take your place:') 

BBBB
 gettext(u'Can you not come after all? Unregister on the meeting page, so that someone else can take your place.') 
BBBBB
 gettext(u'See you soon,') 
 gettext(u'The facilitators of %(edition)s') SSS SSSSSSSSSSSS SS SSSSSSSSSSS
BBBBBBBBBBBBB

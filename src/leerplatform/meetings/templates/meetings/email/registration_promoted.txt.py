BBBB BBBBBBBBBBBBBB BBB gettext(u'Dear %(name)s,') SSSS SSSSSSSSS

 gettext(u'Good news: a place has become free and it is yours. You are now registered for this meeting.') 

BBBBBBB BBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBB

 gettext(u'The attached calendar file puts the meeting in your calendar.') 
BB BBBBBBBBBBB
 gettext(u'The programme and the directions:') 

BBBBBBB BBBBBBBBBB
 gettext(u'Can you not come after all? Please cancel, so that the next person gets the place:') 

BBBBB
 gettext(u'Kind regards,') 
 gettext(u'The facilitators of the learning platform') 
BBBBBBBBBBBBB

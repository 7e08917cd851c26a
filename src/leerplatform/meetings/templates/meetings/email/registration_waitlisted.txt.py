BBBB BBBBBBBBBBBBBB BBB gettext(u'Dear %(name)s,') SSSS SSSSSSSSS

BB BBBBBBBB gettext(u'This meeting is full. You are on the waiting list, number %(position)s.') SSSS SSSSSSS SS SSSSS SSS SSS SS SSS SSSSSSS SSSSS SSSSSS SSSSSSSSSSSSSBBBB gettext(u'This meeting is full. You are on the waiting list.') BBBBB  gettext(u'When a place becomes free, you get it automatically and we email you.') 

BBBBBBB BBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBB

 gettext(u'The attached calendar file keeps the date free in your calendar.') 
BB BBBBBBBBBBB
 gettext(u'The programme and the directions:') 

BBBBBBB BBBBBBBBBB
 gettext(u'No longer interested? Leave the waiting list here:') 

BBBBB
 gettext(u'Kind regards,') 
 gettext(u'The facilitators of the learning platform') 
BBBBBBBBBBBBB

# Swedish protocol style: "4 juni 2021", "kl. 16.30".
DATE_FORMAT = "j F Y"
TIME_FORMAT = "H.i"
SHORT_DATE_FORMAT = "Y-m-d"
DATETIME_FORMAT = "j F Y H.i"

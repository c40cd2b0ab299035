"""The names of the tables that the import's set-based SQL (apply.py, rejections.py) reads and
writes: the register's, the staging tables' and the run's own."""

from doorstroom.deliveries.models import (
    ChangedPerson,
    RejectedRow,
    StagedEnrolment,
    StagedPerson,
    StagedResult,
)
from doorstroom.people.models import Enrolment, Person, Residence, Result
from doorstroom.regions.models import Municipality, Region

PERSON = Person._meta.db_table
RESIDENCE = Residence._meta.db_table
ENROLMENT = Enrolment._meta.db_table
RESULT = Result._meta.db_table
S_PERSON = StagedPerson._meta.db_table
S_ENROLMENT = StagedEnrolment._meta.db_table
S_RESULT = StagedResult._meta.db_table
REJECTED = RejectedRow._meta.db_table
CHANGED = ChangedPerson._meta.db_table
MUNICIPALITY = Municipality._meta.db_table
REGION = Region._meta.db_table

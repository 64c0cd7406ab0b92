"""`in` on an integer column, safe from numbers the column cannot hold.

Django's own `exact`, `lt` and `gt` lookups treat a number outside the column's range as matching
nothing, but `in` passes it to the database, and SQLite's driver raises OverflowError on any
integer over 64 bits: a form's multi-select sent `99999999999999999999` was a 500. The values that
cannot be in the column are dropped before the query is built (none left: the query is empty).
"""

from django.db.models import IntegerField
from django.db.models.lookups import In


class IntegerFieldIn(In):
    def process_rhs(self, compiler, connection):
        if self.rhs_is_direct_value():
            low, high = connection.ops.integer_field_range(
                self.lhs.output_field.get_internal_type()
            )
            self.rhs = [
                value
                for value in self.rhs
                if not isinstance(value, int)
                or ((low is None or value >= low) and (high is None or value <= high))
            ]
        return super().process_rhs(compiler, connection)


def register():
    # Registered on IntegerField, so every integer column (primary keys included) uses it.
    IntegerField.register_lookup(IntegerFieldIn)

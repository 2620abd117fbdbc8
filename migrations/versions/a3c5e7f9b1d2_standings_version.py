"""Standings version

Every answer claims the learner's rows of its course (services/standings.py) and now moves their
`version` on: a view of the learner's standing kept by a process (the dashboard, the course tree)
stays valid while the version, the course's revision and the forgetting moment are unchanged.

Revision ID: a3c5e7f9b1d2
Revises: 61fdba0a742c
Create Date: 2026-12-01 06:30:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'a3c5e7f9b1d2'
down_revision = '61fdba0a742c'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('standings', schema=None) as batch_op:
        batch_op.add_column(sa.Column('version', sa.Integer(), server_default='0', nullable=False))


def downgrade():
    with op.batch_alter_table('standings', schema=None) as batch_op:
        batch_op.drop_column('version')

"""Generation heartbeats

A running generation's worker writes `heartbeat_at` every few seconds; a running job whose heartbeat
has stopped (its worker was killed or its machine went down) is then ended as failed instead of
staying "running" for ever.

Revision ID: 4d7a1c9e2b60
Revises: 983034896dac
Create Date: 2026-12-01 03:40:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '4d7a1c9e2b60'
down_revision = '983034896dac'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('generations', schema=None) as batch_op:
        batch_op.add_column(sa.Column('heartbeat_at', sa.DateTime(timezone=True), nullable=True))


def downgrade():
    with op.batch_alter_table('generations', schema=None) as batch_op:
        batch_op.drop_column('heartbeat_at')

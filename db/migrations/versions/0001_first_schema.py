"""The first schema: conference, agenda, delegations, requests, interventions, journal.

Revision ID: 0001
Revises: 
Create Date: 2026-11-22 07:21:42.002333
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

import db.types


revision = '0001'
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('conference',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('title', sa.String(length=300), nullable=False),
    sa.Column('venue', sa.String(length=200), nullable=False),
    sa.Column('time_zone', sa.String(length=64), nullable=False),
    sa.Column('starts_on', sa.Date(), nullable=False),
    sa.Column('ends_on', sa.Date(), nullable=False),
    sa.Column('request_deadline', db.types.UTCDateTime(), nullable=True),
    sa.Column('created_at', db.types.UTCDateTime(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_conference'))
    )
    op.create_table('delegation',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('nameplate', sa.String(length=100), nullable=False),
    sa.Column('group', sa.Enum('participating_state', 'partner_for_cooperation', 'international_organization', 'civil_society', 'other', name='delegationgroup', native_enum=False, length=32), nullable=False),
    sa.Column('region', sa.String(length=32), nullable=True),
    sa.Column('iso_code', sa.String(length=3), nullable=True),
    sa.Column('seating_order', sa.Integer(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_delegation')),
    sa.UniqueConstraint('name', name=op.f('uq_delegation_name'))
    )
    with op.batch_alter_table('delegation', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_delegation_seating_order'), ['seating_order'], unique=False)

    op.create_table('journal',
    sa.Column('id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), autoincrement=True, nullable=False),
    sa.Column('recorded_at', db.types.UTCDateTime(), nullable=False),
    sa.Column('station', sa.String(length=100), nullable=False),
    sa.Column('action', sa.String(length=64), nullable=False),
    sa.Column('entity', sa.String(length=64), nullable=False),
    sa.Column('entity_id', sa.Integer(), nullable=True),
    sa.Column('details', sa.JSON(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_journal'))
    )
    with op.batch_alter_table('journal', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_journal_recorded_at'), ['recorded_at'], unique=False)

    op.create_table('delegation_alias',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('delegation_id', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('language', sa.String(length=8), nullable=False),
    sa.ForeignKeyConstraint(['delegation_id'], ['delegation.id'], name=op.f('fk_delegation_alias_delegation_id_delegation'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_delegation_alias')),
    sa.UniqueConstraint('delegation_id', 'name', 'language', name=op.f('uq_delegation_alias_delegation_id'))
    )
    op.create_table('person',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('function', sa.String(length=200), nullable=False),
    sa.Column('email', sa.String(length=254), nullable=True),
    sa.Column('delegation_id', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['delegation_id'], ['delegation.id'], name=op.f('fk_person_delegation_id_delegation'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_person'))
    )
    op.create_table('agenda_slot',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('conference_id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.Enum('registration', 'opening', 'keynote', 'panel', 'break', 'lunch', 'side_event', 'closing', 'reception', 'other', name='slotkind', native_enum=False, length=32), nullable=False),
    sa.Column('title', sa.String(length=300), nullable=False),
    sa.Column('description', sa.Text(), nullable=False),
    sa.Column('starts_at', db.types.UTCDateTime(), nullable=False),
    sa.Column('ends_at', db.types.UTCDateTime(), nullable=False),
    sa.Column('moderator_id', sa.Integer(), nullable=True),
    sa.Column('limit_panellist_s', sa.Integer(), nullable=False),
    sa.Column('limit_statement_s', sa.Integer(), nullable=False),
    sa.Column('limit_question_s', sa.Integer(), nullable=False),
    sa.Column('limit_point_of_order_s', sa.Integer(), nullable=False),
    sa.Column('limit_right_of_reply_s', sa.Integer(), nullable=False),
    sa.Column('list_closed_at', db.types.UTCDateTime(), nullable=True),
    sa.Column('ordering_policy', sa.JSON(), nullable=True),
    sa.ForeignKeyConstraint(['conference_id'], ['conference.id'], name=op.f('fk_agenda_slot_conference_id_conference'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['moderator_id'], ['person.id'], name=op.f('fk_agenda_slot_moderator_id_person'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_agenda_slot'))
    )
    with op.batch_alter_table('agenda_slot', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_agenda_slot_starts_at'), ['starts_at'], unique=False)

    op.create_table('floor_request',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('slot_id', sa.Integer(), nullable=False),
    sa.Column('delegation_id', sa.Integer(), nullable=True),
    sa.Column('person_id', sa.Integer(), nullable=True),
    sa.Column('source', sa.Enum('advance_email', 'registration', 'hall', 'zoom_hand', 'zoom_chat', 'question', name='requestsource', native_enum=False, length=32), nullable=False),
    sa.Column('kind', sa.Enum('panellist', 'statement', 'question', 'point_of_order', 'right_of_reply', name='interventionkind', native_enum=False, length=32), nullable=False),
    sa.Column('channel', sa.Enum('hall', 'remote', 'video', name='channel', native_enum=False, length=32), nullable=False),
    sa.Column('status', sa.Enum('waiting', 'late', 'review', 'speaking', 'spoken', 'withdrawn', 'rejected', name='requeststatus', native_enum=False, length=32), nullable=False),
    sa.Column('received_at', db.types.UTCDateTime(), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('pinned', sa.Boolean(), nullable=False),
    sa.Column('limit_s', sa.Integer(), nullable=True),
    sa.Column('note', sa.Text(), nullable=False),
    sa.Column('sender_email', sa.String(length=254), nullable=True),
    sa.Column('message_id', sa.String(length=998), nullable=True),
    sa.Column('original_text', sa.Text(), nullable=True),
    sa.ForeignKeyConstraint(['delegation_id'], ['delegation.id'], name=op.f('fk_floor_request_delegation_id_delegation')),
    sa.ForeignKeyConstraint(['person_id'], ['person.id'], name=op.f('fk_floor_request_person_id_person'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['slot_id'], ['agenda_slot.id'], name=op.f('fk_floor_request_slot_id_agenda_slot'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_floor_request'))
    )
    with op.batch_alter_table('floor_request', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_floor_request_message_id'), ['message_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_floor_request_slot_id'), ['slot_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_floor_request_status'), ['status'], unique=False)

    op.create_table('slot_panellist',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('slot_id', sa.Integer(), nullable=False),
    sa.Column('person_id', sa.Integer(), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['person_id'], ['person.id'], name=op.f('fk_slot_panellist_person_id_person'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['slot_id'], ['agenda_slot.id'], name=op.f('fk_slot_panellist_slot_id_agenda_slot'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_slot_panellist'))
    )
    op.create_table('slot_topic',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('slot_id', sa.Integer(), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=300), nullable=False),
    sa.ForeignKeyConstraint(['slot_id'], ['agenda_slot.id'], name=op.f('fk_slot_topic_slot_id_agenda_slot'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_slot_topic'))
    )
    op.create_table('intervention',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('slot_id', sa.Integer(), nullable=False),
    sa.Column('floor_request_id', sa.Integer(), nullable=True),
    sa.Column('delegation_id', sa.Integer(), nullable=True),
    sa.Column('person_id', sa.Integer(), nullable=True),
    sa.Column('channel', sa.Enum('hall', 'remote', 'video', name='channel', native_enum=False, length=32), nullable=False),
    sa.Column('kind', sa.Enum('panellist', 'statement', 'question', 'point_of_order', 'right_of_reply', name='interventionkind', native_enum=False, length=32), nullable=False),
    sa.Column('floor_given_at', db.types.UTCDateTime(), nullable=False),
    sa.Column('floor_taken_at', db.types.UTCDateTime(), nullable=True),
    sa.Column('limit_s', sa.Integer(), nullable=False),
    sa.Column('added_s', sa.Integer(), nullable=False),
    sa.Column('notes', sa.Text(), nullable=False),
    sa.Column('recommendation', sa.Boolean(), nullable=False),
    sa.Column('follow_up', sa.Boolean(), nullable=False),
    sa.ForeignKeyConstraint(['delegation_id'], ['delegation.id'], name=op.f('fk_intervention_delegation_id_delegation')),
    sa.ForeignKeyConstraint(['floor_request_id'], ['floor_request.id'], name=op.f('fk_intervention_floor_request_id_floor_request'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['person_id'], ['person.id'], name=op.f('fk_intervention_person_id_person'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['slot_id'], ['agenda_slot.id'], name=op.f('fk_intervention_slot_id_agenda_slot'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_intervention'))
    )
    with op.batch_alter_table('intervention', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_intervention_floor_given_at'), ['floor_given_at'], unique=False)
        batch_op.create_index(batch_op.f('ix_intervention_slot_id'), ['slot_id'], unique=False)

    op.create_table('attachment',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('floor_request_id', sa.Integer(), nullable=True),
    sa.Column('intervention_id', sa.Integer(), nullable=True),
    sa.Column('filename', sa.String(length=255), nullable=False),
    sa.Column('media_type', sa.String(length=127), nullable=False),
    sa.Column('sha256', sa.String(length=64), nullable=False),
    sa.Column('content', sa.LargeBinary(), nullable=False),
    sa.Column('added_at', db.types.UTCDateTime(), nullable=False),
    sa.ForeignKeyConstraint(['floor_request_id'], ['floor_request.id'], name=op.f('fk_attachment_floor_request_id_floor_request'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['intervention_id'], ['intervention.id'], name=op.f('fk_attachment_intervention_id_intervention'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_attachment'))
    )
    op.create_table('intervention_pause',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('intervention_id', sa.Integer(), nullable=False),
    sa.Column('paused_at', db.types.UTCDateTime(), nullable=False),
    sa.Column('resumed_at', db.types.UTCDateTime(), nullable=True),
    sa.ForeignKeyConstraint(['intervention_id'], ['intervention.id'], name=op.f('fk_intervention_pause_intervention_id_intervention'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_intervention_pause'))
    )
    with op.batch_alter_table('intervention_pause', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_intervention_pause_intervention_id'), ['intervention_id'], unique=False)

    op.create_table('intervention_tag',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('intervention_id', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('topic_id', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['intervention_id'], ['intervention.id'], name=op.f('fk_intervention_tag_intervention_id_intervention'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['topic_id'], ['slot_topic.id'], name=op.f('fk_intervention_tag_topic_id_slot_topic'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_intervention_tag')),
    sa.UniqueConstraint('intervention_id', 'name', name=op.f('uq_intervention_tag_intervention_id'))
    )


def downgrade() -> None:
    op.drop_table('intervention_tag')
    with op.batch_alter_table('intervention_pause', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_intervention_pause_intervention_id'))

    op.drop_table('intervention_pause')
    op.drop_table('attachment')
    with op.batch_alter_table('intervention', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_intervention_slot_id'))
        batch_op.drop_index(batch_op.f('ix_intervention_floor_given_at'))

    op.drop_table('intervention')
    op.drop_table('slot_topic')
    op.drop_table('slot_panellist')
    with op.batch_alter_table('floor_request', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_floor_request_status'))
        batch_op.drop_index(batch_op.f('ix_floor_request_slot_id'))
        batch_op.drop_index(batch_op.f('ix_floor_request_message_id'))

    op.drop_table('floor_request')
    with op.batch_alter_table('agenda_slot', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_agenda_slot_starts_at'))

    op.drop_table('agenda_slot')
    op.drop_table('person')
    op.drop_table('delegation_alias')
    with op.batch_alter_table('journal', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_journal_recorded_at'))

    op.drop_table('journal')
    with op.batch_alter_table('delegation', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_delegation_seating_order'))

    op.drop_table('delegation')
    op.drop_table('conference')

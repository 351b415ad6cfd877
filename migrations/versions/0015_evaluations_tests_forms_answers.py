"""evaluations: the pre-test and post-test (question bank, attempts, answers) and the evaluation
forms (questions, responses without a person when anonymous, answers) (issue 19)

Revision ID: 0015
Revises: 0014
Create Date: 2026-12-06 09:22:06.824295

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0015'
down_revision = '0020'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('evaluation_test_questions',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('event_id', sa.Integer(), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('text', sa.Text(), nullable=False),
    sa.Column('options', sa.JSON(), nullable=False),
    sa.Column('correct', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['event_id'], ['events.id'], name=op.f('fk_evaluation_test_questions_event_id_events'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_evaluation_test_questions'))
    )
    with op.batch_alter_table('evaluation_test_questions', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_evaluation_test_questions_event_id'), ['event_id'], unique=False)

    op.create_table('evaluations',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('event_id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=16), nullable=False),
    sa.Column('agenda_session_id', sa.Integer(), nullable=True),
    sa.Column('state', sa.String(length=8), nullable=False),
    sa.Column('is_anonymous', sa.Boolean(), nullable=False),
    sa.Column('time_limit_minutes', sa.Integer(), nullable=True),
    sa.Column('required_for_certificate', sa.Boolean(), nullable=False),
    sa.Column('min_score', sa.Integer(), nullable=True),
    sa.Column('speaker_token', sa.String(length=64), nullable=True),
    sa.Column('first_opened_at', sa.DateTime(), nullable=True),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.CheckConstraint("kind IN ('pretest', 'posttest', 'session', 'organisation')", name=op.f('ck_evaluations_kind_known')),
    sa.CheckConstraint("state IN ('auto', 'open', 'closed')", name=op.f('ck_evaluations_state_known')),
    sa.ForeignKeyConstraint(['agenda_session_id'], ['agenda_sessions.id'], name=op.f('fk_evaluations_agenda_session_id_agenda_sessions'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['event_id'], ['events.id'], name=op.f('fk_evaluations_event_id_events'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_evaluations')),
    sa.UniqueConstraint('event_id', 'kind', 'agenda_session_id', name='uq_evaluations_event_kind_session'),
    sa.UniqueConstraint('speaker_token', name=op.f('uq_evaluations_speaker_token'))
    )
    with op.batch_alter_table('evaluations', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_evaluations_agenda_session_id'), ['agenda_session_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_evaluations_event_id'), ['event_id'], unique=False)

    op.create_table('evaluation_attempts',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('evaluation_id', sa.Integer(), nullable=False),
    sa.Column('attendee_id', sa.Integer(), nullable=False),
    sa.Column('seed', sa.String(length=32), nullable=False),
    sa.Column('started_at', sa.DateTime(), nullable=False),
    sa.Column('submitted_at', sa.DateTime(), nullable=True),
    sa.ForeignKeyConstraint(['attendee_id'], ['attendees.id'], name=op.f('fk_evaluation_attempts_attendee_id_attendees'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['evaluation_id'], ['evaluations.id'], name=op.f('fk_evaluation_attempts_evaluation_id_evaluations'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_evaluation_attempts')),
    sa.UniqueConstraint('evaluation_id', 'attendee_id', name='uq_evaluation_attempts_evaluation_attendee')
    )
    with op.batch_alter_table('evaluation_attempts', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_evaluation_attempts_attendee_id'), ['attendee_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_evaluation_attempts_evaluation_id'), ['evaluation_id'], unique=False)

    op.create_table('evaluation_form_questions',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('evaluation_id', sa.Integer(), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('text', sa.String(length=300), nullable=False),
    sa.Column('is_text', sa.Boolean(), nullable=False),
    sa.ForeignKeyConstraint(['evaluation_id'], ['evaluations.id'], name=op.f('fk_evaluation_form_questions_evaluation_id_evaluations'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_evaluation_form_questions'))
    )
    with op.batch_alter_table('evaluation_form_questions', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_evaluation_form_questions_evaluation_id'), ['evaluation_id'], unique=False)

    op.create_table('evaluation_responses',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('evaluation_id', sa.Integer(), nullable=False),
    sa.Column('respondent_token', sa.String(length=64), nullable=False),
    sa.Column('attendee_id', sa.Integer(), nullable=True),
    sa.Column('is_submitted', sa.Boolean(), nullable=False),
    sa.ForeignKeyConstraint(['attendee_id'], ['attendees.id'], name=op.f('fk_evaluation_responses_attendee_id_attendees'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['evaluation_id'], ['evaluations.id'], name=op.f('fk_evaluation_responses_evaluation_id_evaluations'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_evaluation_responses')),
    sa.UniqueConstraint('evaluation_id', 'respondent_token', name='uq_evaluation_responses_evaluation_token')
    )
    with op.batch_alter_table('evaluation_responses', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_evaluation_responses_attendee_id'), ['attendee_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_evaluation_responses_evaluation_id'), ['evaluation_id'], unique=False)

    op.create_table('evaluation_form_answers',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('response_id', sa.Integer(), nullable=False),
    sa.Column('question_id', sa.Integer(), nullable=False),
    sa.Column('value', sa.Integer(), nullable=True),
    sa.Column('text', sa.Text(), nullable=True),
    sa.CheckConstraint('value IS NULL OR (value BETWEEN 1 AND 5)', name=op.f('ck_evaluation_form_answers_value_range')),
    sa.ForeignKeyConstraint(['question_id'], ['evaluation_form_questions.id'], name=op.f('fk_evaluation_form_answers_question_id_evaluation_form_questions'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['response_id'], ['evaluation_responses.id'], name=op.f('fk_evaluation_form_answers_response_id_evaluation_responses'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_evaluation_form_answers')),
    sa.UniqueConstraint('response_id', 'question_id', name='uq_evaluation_form_answers_response_question')
    )
    with op.batch_alter_table('evaluation_form_answers', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_evaluation_form_answers_question_id'), ['question_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_evaluation_form_answers_response_id'), ['response_id'], unique=False)

    op.create_table('evaluation_test_answers',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('attempt_id', sa.Integer(), nullable=False),
    sa.Column('question_id', sa.Integer(), nullable=False),
    sa.Column('choice', sa.Integer(), nullable=False),
    sa.Column('answered_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['attempt_id'], ['evaluation_attempts.id'], name=op.f('fk_evaluation_test_answers_attempt_id_evaluation_attempts'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['question_id'], ['evaluation_test_questions.id'], name=op.f('fk_evaluation_test_answers_question_id_evaluation_test_questions'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_evaluation_test_answers')),
    sa.UniqueConstraint('attempt_id', 'question_id', name='uq_evaluation_test_answers_attempt_question')
    )
    with op.batch_alter_table('evaluation_test_answers', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_evaluation_test_answers_attempt_id'), ['attempt_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_evaluation_test_answers_question_id'), ['question_id'], unique=False)



def downgrade():
    with op.batch_alter_table('evaluation_test_answers', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_evaluation_test_answers_question_id'))
        batch_op.drop_index(batch_op.f('ix_evaluation_test_answers_attempt_id'))

    op.drop_table('evaluation_test_answers')
    with op.batch_alter_table('evaluation_form_answers', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_evaluation_form_answers_response_id'))
        batch_op.drop_index(batch_op.f('ix_evaluation_form_answers_question_id'))

    op.drop_table('evaluation_form_answers')
    with op.batch_alter_table('evaluation_responses', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_evaluation_responses_evaluation_id'))
        batch_op.drop_index(batch_op.f('ix_evaluation_responses_attendee_id'))

    op.drop_table('evaluation_responses')
    with op.batch_alter_table('evaluation_form_questions', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_evaluation_form_questions_evaluation_id'))

    op.drop_table('evaluation_form_questions')
    with op.batch_alter_table('evaluation_attempts', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_evaluation_attempts_evaluation_id'))
        batch_op.drop_index(batch_op.f('ix_evaluation_attempts_attendee_id'))

    op.drop_table('evaluation_attempts')
    with op.batch_alter_table('evaluations', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_evaluations_event_id'))
        batch_op.drop_index(batch_op.f('ix_evaluations_agenda_session_id'))

    op.drop_table('evaluations')
    with op.batch_alter_table('evaluation_test_questions', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_evaluation_test_questions_event_id'))

    op.drop_table('evaluation_test_questions')

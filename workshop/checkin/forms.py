from flask_wtf import FlaskForm


class SelfCheckInForm(FlaskForm):
    """One tap: 'I am here'. Only the CSRF token; the person comes from the ticket cookie."""

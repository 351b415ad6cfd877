from flask import flash, jsonify, redirect, render_template, request, session, url_for
from flask_babel import gettext as _
from flask_babel import ngettext
from flask_login import current_user, login_required, login_user, logout_user
from sqlalchemy import select

from workshop.auth import bp, services
from workshop.auth.forms import ChangePasswordForm, LoginForm, UserCreateForm, UserEditForm
from workshop.auth.models import User
from workshop.core import ratelimit
from workshop.core.access import admin_required
from workshop.core.views import safe_next
from workshop.core.web import save_form
from workshop.extensions import db, limiter, login_manager

login_manager.login_view = "auth.login"
login_manager.login_message_category = "warning"
login_manager.session_protection = "basic"


@login_manager.user_loader
def load_user(user_id: str):
    try:
        raw_id, version = user_id.split(":", 1)
        user = db.session.get(User, int(raw_id))
    except (ValueError, TypeError):
        return None
    if user is None or not user.is_active or str(user.session_version) != version:
        return None
    return user


@login_manager.unauthorized_handler
def unauthorized():
    if request.path.startswith("/api/"):
        return jsonify(error=_("Please sign in first.")), 401
    flash(_("Please sign in to open that page."), "warning")
    return redirect(url_for("auth.login", next=request.full_path.rstrip("?")))


@bp.route("/login", methods=["GET", "POST"])
@limiter.limit(
    ratelimit.configured("LOGIN_IP_LIMIT", "120 per minute"),
    methods=["POST"],
    key_func=lambda: f"login-ip:{request.remote_addr}",
)
def login():
    if current_user.is_authenticated:
        return redirect(
            safe_next(request.args.get("next"))
            if request.args.get("next")
            else url_for("events.manage_index")
        )
    form = LoginForm()
    if form.validate_on_submit():
        try:
            user = services.authenticate(form.email.data, form.password.data)
        except services.LoginThrottled as e:
            minutes = max(1, (e.retry_after_seconds + 59) // 60)
            form.form_errors.append(
                ngettext(
                    "Too many failed sign-ins for this account. Try again in %(num)d minute.",
                    "Too many failed sign-ins for this account. Try again in %(num)d minutes.",
                    minutes,
                )
            )
        except services.InvalidCredentials:
            form.form_errors.append(_("The email or password is not correct."))
        else:
            db.session.commit()
            session.clear()  # a fresh session on sign-in: no fixation
            login_user(user)
            target = request.args.get("next")
            return redirect(safe_next(target) if target else url_for("events.manage_index"))
    return render_template("auth/login.html", form=form)


@bp.route("/logout", methods=["POST"])
def logout():
    if current_user.is_authenticated:
        # Ends the session on the server too: a copy of the cookie no longer opens anything.
        services.end_sessions(current_user)
        db.session.commit()
    logout_user()
    session.clear()
    flash(_("You have signed out."), "success")
    return redirect(url_for("events.index"))


@bp.route("/account/password", methods=["GET", "POST"])
@login_required
def change_password():
    form = ChangePasswordForm()
    if form.validate_on_submit():
        try:
            services.change_password(current_user, form.current_password.data, form.new_password.data)
        except services.AccountError as e:
            getattr(form, e.field).errors.append(str(e))
        else:
            db.session.commit()
            login_user(current_user)  # the session carries the new session version
            flash(_("Your password has been changed."), "success")
            return redirect(url_for("events.manage_index"))
    return render_template("auth/change_password.html", form=form)


@bp.route("/admin/users")
@admin_required
def admin_users():
    users = db.session.execute(select(User).order_by(User.name)).scalars().all()
    return render_template("auth/admin_users.html", users=users)


@bp.route("/admin/users/new", methods=["GET", "POST"])
@admin_required
def admin_user_new():
    form = UserCreateForm()
    done = save_form(
        form,
        lambda: services.create_user(
            form.email.data, form.name.data, form.new_password.data, form.is_admin.data
        ),
        lambda user: _("Account %(email)s created.", email=user.email),
        url_for("auth.admin_users"),
        refused=services.AccountError,
    )
    return done or render_template("auth/admin_user_form.html", form=form, user=None)


@bp.route("/admin/users/<int:user_id>", methods=["GET", "POST"])
@admin_required
def admin_user_edit(user_id: int):
    user = db.get_or_404(User, user_id)
    form = UserEditForm(obj=user)
    form.account_email = user.email  # the password rules compare against the edited account

    def save():
        services.update_user(
            user,
            acting=current_user,
            name=form.name.data,
            is_admin=form.is_admin.data,
            is_active=form.is_active.data,
        )
        if form.new_password.data:
            services.set_password(user, form.new_password.data)

    done = save_form(
        form,
        save,
        lambda _saved: _("Account %(email)s saved.", email=user.email),
        url_for("auth.admin_users"),
        refused=services.AccountError,
    )
    return done or render_template("auth/admin_user_form.html", form=form, user=user)

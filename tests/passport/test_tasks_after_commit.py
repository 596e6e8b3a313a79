"""A queued task is sent only once the transaction that asked for it commits."""

from passport.web import tasks


class Recorder:
    def __init__(self):
        self.sent = []

    def delay(self, *args):
        self.sent.append(args)


def test_nothing_is_sent_before_the_commit(db, django_capture_on_commit_callbacks, monkeypatch):
    monkeypatch.undo()  # the suite's own shortcut (tests/conftest.py) is not wanted here
    task = Recorder()

    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        tasks.enqueue(task, 7, "x")
        assert task.sent == []

    assert len(callbacks) == 1
    assert task.sent == [(7, "x")]

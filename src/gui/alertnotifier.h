#pragma once

#include <QCoreApplication>
#include <QHash>
#include <QJsonArray>
#include <QObject>
#include <QString>

namespace gpufailover {

class Clock;

// Turns the journal's alerts (GET /api/events, kind "alert") into desktop notifications: those a
// person must know about now, each in words, without a storm. The same alert of the same pool is
// said once per quiet period (repeats are counted into the next one), and at most a few
// notifications a minute are shown in all (the rest are summed up in one).
class AlertNotifier final : public QObject
{
    Q_OBJECT
public:
    enum class Severity { Information, Warning, Critical };
    struct Notification
    {
        QString title;
        QString message;
        Severity severity = Severity::Information;
        QString pool;
        QString alert; // the alert's kind
    };
    struct Options
    {
        qint64 quietMs = 5 * 60 * 1000; // per pool and kind
        int perMinute = 3; // in all
    };

    AlertNotifier(Clock *clock, Options options, QObject *parent = nullptr);

    // Events in journal order; those that are not alerts are ignored.
    void add(const QJsonArray &events);
    // Alerts of these kinds make no notification (the user turned them off in the settings).
    void setMuted(const QStringList &kinds) { m_muted = kinds; }
    // The kinds that notify, with their translated titles, for the settings dialog.
    static QList<QPair<QString, QString>> notifyingKinds();

Q_SIGNALS:
    void notify(const gpufailover::AlertNotifier::Notification &notification);

private:
    void offer(Notification n);

    Clock *m_clock;
    Options m_options;
    QStringList m_muted;
    QHash<QString, qint64> m_lastShownMs; // pool|kind -> monotonic ms
    QHash<QString, int> m_repeats; // pool|kind -> suppressed since last shown
    qint64 m_windowStartMs = -1;
    int m_shownInWindow = 0;
    int m_droppedInWindow = 0;
};

} // namespace gpufailover

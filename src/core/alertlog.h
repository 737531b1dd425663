#pragma once

#include <QObject>
#include <QSet>
#include <QString>

namespace gpufailover {

class Journal;

// Every component raises alerts as a signal, alert(kind, message). The log journals them all as one
// kind of event, "alert", so whoever shows them (the tray of an in-process engine, a desktop app
// attached to the daemon, the events view) reads one feed through the API instead of wiring itself
// to each component.
class AlertLog final : public QObject
{
    Q_OBJECT
public:
    static inline const QString kKind = QStringLiteral("alert");

    explicit AlertLog(Journal *journal, QObject *parent = nullptr);

    // Once per source, however often it is named: a tier attached with its pool is seen both
    // as the pool's and as newly attached.
    template <typename Source> void watch(Source *source, const QString &pool)
    {
        if (!source || !firstTime(source))
            return;
        connect(source, &Source::alert, this,
            [this, pool](const QString &kind, const QString &message) { record(pool, kind, message); });
    }
    void record(const QString &pool, const QString &kind, const QString &message);

private:
    bool firstTime(QObject *source);

    Journal *m_journal;
    QSet<QObject *> m_watched;
};

} // namespace gpufailover

#pragma once

#include <QObject>
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

    template <typename Source> void watch(Source *source, const QString &pool)
    {
        if (!source)
            return;
        connect(source, &Source::alert, this,
            [this, pool](const QString &kind, const QString &message) { record(pool, kind, message); });
    }
    void record(const QString &pool, const QString &kind, const QString &message);

private:
    Journal *m_journal;
};

} // namespace gpufailover

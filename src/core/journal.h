#pragma once

#include "core/result.h"

#include <QDateTime>
#include <QJsonObject>
#include <QList>
#include <QObject>
#include <QSqlDatabase>
#include <QStringList>

#include <memory>
#include <optional>

namespace gpufailover {

class Clock;

enum class JournalPhase {
    Event = 0, // something happened
    Intent = 1, // we are about to call a cloud or touch data; written *before* the call
    Outcome = 2, // how that call ended; refers to its intent by stepId
};

struct JournalEvent
{
    qint64 id = 0;
    QDateTime time;
    QString pool;
    QString kind;
    JournalPhase phase = JournalPhase::Event;
    qint64 stepId = 0; // Outcome: the id of its Intent
    std::optional<bool> ok;
    QJsonObject data;
    QString actor; // who asked: "engine", "gui", "api:<client>"
};

struct JournalQuery
{
    QString pool; // empty = all
    QStringList kinds; // empty = all
    QDateTime from, to; // invalid = unbounded; from inclusive, to exclusive
    qint64 afterId = 0; // paging: only ids greater than this (oldest first) / less (newest first)
    int limit = 200;
    bool newestFirst = false;
};

// The product's memory: an append-only SQLite file in WAL mode with synchronous
// commits, so an event that append() returned for survives kill -9 and power loss. The failover
// coordinator writes an Intent before each cloud call and an Outcome after it; openSteps() is what
// a restarted engine resumes from.
class Journal final : public QObject
{
    Q_OBJECT
public:
    static constexpr int kSchemaVersion = 2;

    static Result<std::unique_ptr<Journal>> open(const QString &path, Clock *clock, QObject *parent = nullptr);
    ~Journal() override;

    Result<qint64> append(const QString &pool, const QString &kind, const QJsonObject &data = {},
        const QString &actor = QStringLiteral("engine"));
    Result<qint64> beginStep(const QString &pool, const QString &kind, const QJsonObject &data = {},
        const QString &actor = QStringLiteral("engine"));
    Result<qint64> endStep(qint64 intentId, bool ok, const QJsonObject &data = {});

    Result<QList<JournalEvent>> query(const JournalQuery &q) const;
    // Intents with no outcome yet, oldest first: steps that were under way when we last stopped.
    Result<QList<JournalEvent>> openSteps(const QString &pool = {}) const;
    std::optional<JournalEvent> event(qint64 id) const;
    // The newest event of one kind for one pool: where a component keeps its saved state.
    std::optional<JournalEvent> newest(const QString &pool, const QString &kind) const;
    qint64 count() const;

    int schemaVersion() const;
    QString integrityCheck() const; // "ok" when healthy
    QString path() const { return m_path; }

Q_SIGNALS:
    void appended(const gpufailover::JournalEvent &event);

private:
    Journal(QString path, QString connectionName, Clock *clock, QObject *parent);
    Status migrate();
    Result<qint64> insert(JournalEvent e);

    QString m_path;
    QString m_connectionName;
    Clock *m_clock;
};

QString toString(JournalPhase phase);

} // namespace gpufailover

Q_DECLARE_METATYPE(gpufailover::JournalEvent)

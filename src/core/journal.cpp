#include "core/journal.h"

#include "core/clock.h"
#include "core/logging.h"

#include <QDir>
#include <QFileInfo>
#include <QJsonDocument>
#include <QSqlError>
#include <QSqlQuery>
#include <QUuid>
#include <QVariant>

namespace gpufailover {
namespace {

// Each entry takes the schema from version i to i+1. Never edit a shipped entry: append one.
const QList<QStringList> &migrations()
{
    static const QList<QStringList> steps = {
        {
            QStringLiteral("CREATE TABLE events ("
                           " id INTEGER PRIMARY KEY AUTOINCREMENT,"
                           " ts_ms INTEGER NOT NULL,"
                           " pool TEXT NOT NULL DEFAULT '',"
                           " kind TEXT NOT NULL,"
                           " phase INTEGER NOT NULL DEFAULT 0,"
                           " step_id INTEGER,"
                           " ok INTEGER,"
                           " data TEXT NOT NULL DEFAULT '{}')"),
            QStringLiteral("CREATE INDEX events_pool_ts ON events(pool, ts_ms)"),
        },
        {
            // v2: who asked for each event (the local API journals its callers), faster step lookups.
            QStringLiteral("ALTER TABLE events ADD COLUMN actor TEXT NOT NULL DEFAULT ''"),
            QStringLiteral("CREATE INDEX events_kind ON events(kind, id)"),
            QStringLiteral("CREATE INDEX events_step ON events(step_id)"),
        },
    };
    return steps;
}

Error sqlError(const QString &what, const QSqlError &e)
{
    const QString text = e.text();
    QString code = QStringLiteral("journal_error");
    if (text.contains(QLatin1StringView("full"), Qt::CaseInsensitive))
        code = QStringLiteral("disk_full");
    else if (text.contains(QLatin1StringView("locked"), Qt::CaseInsensitive))
        code = QStringLiteral("journal_locked");
    return { code, QStringLiteral("%1: %2").arg(what, text) };
}

JournalEvent readRow(const QSqlQuery &q)
{
    JournalEvent e;
    e.id = q.value(0).toLongLong();
    e.time = QDateTime::fromMSecsSinceEpoch(q.value(1).toLongLong(), Qt::UTC);
    e.pool = q.value(2).toString();
    e.kind = q.value(3).toString();
    e.phase = JournalPhase(q.value(4).toInt());
    e.stepId = q.value(5).isNull() ? 0 : q.value(5).toLongLong();
    if (!q.value(6).isNull())
        e.ok = q.value(6).toInt() != 0;
    e.data = QJsonDocument::fromJson(q.value(7).toByteArray()).object();
    e.actor = q.value(8).toString();
    return e;
}

const QString kColumns = QStringLiteral("id, ts_ms, pool, kind, phase, step_id, ok, data, actor");

} // namespace

QString toString(JournalPhase phase)
{
    switch (phase) {
    case JournalPhase::Event:
        return QStringLiteral("event");
    case JournalPhase::Intent:
        return QStringLiteral("intent");
    case JournalPhase::Outcome:
        return QStringLiteral("outcome");
    }
    return {};
}

Journal::Journal(QString path, QString connectionName, Clock *clock, QObject *parent)
    : QObject(parent)
    , m_path(std::move(path))
    , m_connectionName(std::move(connectionName))
    , m_clock(clock)
{
    qRegisterMetaType<JournalEvent>();
}

Journal::~Journal()
{
    {
        QSqlDatabase db = QSqlDatabase::database(m_connectionName, false);
        if (db.isOpen()) {
            // Fold the WAL back into the main file on a clean shutdown; after a crash SQLite
            // replays it on the next open.
            QSqlQuery(db).exec(QStringLiteral("PRAGMA wal_checkpoint(TRUNCATE)"));
            db.close();
        }
    }
    QSqlDatabase::removeDatabase(m_connectionName);
}

Result<std::unique_ptr<Journal>> Journal::open(const QString &path, Clock *clock, QObject *parent)
{
    if (!QDir().mkpath(QFileInfo(path).absolutePath()))
        return Error { QStringLiteral("journal_error"), QStringLiteral("cannot create the directory of %1").arg(path) };
    const QString name = QStringLiteral("journal-") + QUuid::createUuid().toString(QUuid::WithoutBraces);
    std::unique_ptr<Journal> journal(new Journal(path, name, clock, parent));
    {
        QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), name);
        db.setDatabaseName(path);
        db.setConnectOptions(QStringLiteral("QSQLITE_BUSY_TIMEOUT=5000"));
        if (!db.open())
            return sqlError(QStringLiteral("cannot open journal %1").arg(path), db.lastError());
        QSqlQuery q(db);
        for (const auto *pragma : { "PRAGMA journal_mode=WAL", "PRAGMA synchronous=FULL", "PRAGMA foreign_keys=ON" }) {
            if (!q.exec(QString::fromLatin1(pragma)))
                return sqlError(QStringLiteral("cannot configure journal"), q.lastError());
        }
    }
    if (Status s = journal->migrate(); !s)
        return s.error();
    return journal;
}

Status Journal::migrate()
{
    QSqlDatabase db = QSqlDatabase::database(m_connectionName);
    QSqlQuery q(db);
    if (!q.exec(QStringLiteral("PRAGMA user_version")) || !q.next())
        return sqlError(QStringLiteral("cannot read journal version"), q.lastError());
    const int current = q.value(0).toInt();
    const auto &steps = migrations();
    static_assert(kSchemaVersion > 0);
    if (current > int(steps.size()))
        return Error { QStringLiteral("journal_too_new"),
            QStringLiteral("journal %1 has schema version %2, newer than this program understands (%3); "
                           "refusing to touch it")
                .arg(m_path)
                .arg(current)
                .arg(steps.size()) };
    for (int v = current; v < int(steps.size()); ++v) {
        if (!db.transaction())
            return sqlError(QStringLiteral("cannot start migration"), db.lastError());
        for (const QString &sql : steps.at(v)) {
            if (!q.exec(sql)) {
                const Error e = sqlError(QStringLiteral("migration to version %1 failed").arg(v + 1), q.lastError());
                db.rollback();
                return e;
            }
        }
        if (!q.exec(QStringLiteral("PRAGMA user_version=%1").arg(v + 1)) || !db.commit()) {
            const Error e = sqlError(QStringLiteral("migration to version %1 failed").arg(v + 1), q.lastError());
            db.rollback();
            return e;
        }
        qCInfo(lcJournal) << "journal migrated to schema version" << v + 1;
    }
    return okStatus();
}

int Journal::schemaVersion() const
{
    QSqlQuery q(QSqlDatabase::database(m_connectionName));
    return q.exec(QStringLiteral("PRAGMA user_version")) && q.next() ? q.value(0).toInt() : -1;
}

QString Journal::integrityCheck() const
{
    QSqlQuery q(QSqlDatabase::database(m_connectionName));
    if (!q.exec(QStringLiteral("PRAGMA integrity_check")))
        return q.lastError().text();
    QStringList lines;
    while (q.next())
        lines.append(q.value(0).toString());
    return lines.join(QLatin1Char('\n'));
}

Result<qint64> Journal::insert(JournalEvent e)
{
    QSqlQuery q(QSqlDatabase::database(m_connectionName));
    q.prepare(QStringLiteral("INSERT INTO events (ts_ms, pool, kind, phase, step_id, ok, data, actor) "
                             "VALUES (?, COALESCE(?, ''), ?, ?, ?, ?, ?, COALESCE(?, ''))"));
    e.time = m_clock->now();
    q.addBindValue(e.time.toMSecsSinceEpoch());
    q.addBindValue(e.pool);
    q.addBindValue(e.kind);
    q.addBindValue(int(e.phase));
    q.addBindValue(e.stepId ? QVariant(e.stepId) : QVariant(QMetaType(QMetaType::LongLong)));
    q.addBindValue(e.ok ? QVariant(int(*e.ok)) : QVariant(QMetaType(QMetaType::Int)));
    q.addBindValue(QString::fromUtf8(QJsonDocument(e.data).toJson(QJsonDocument::Compact)));
    q.addBindValue(e.actor);
    if (!q.exec()) {
        Error err = sqlError(QStringLiteral("cannot write to the journal"), q.lastError());
        qCCritical(lcJournal) << err.message;
        return err;
    }
    e.id = q.lastInsertId().toLongLong();
    Q_EMIT appended(e);
    return e.id;
}

Result<qint64> Journal::append(const QString &pool, const QString &kind, const QJsonObject &data, const QString &actor)
{
    JournalEvent e;
    e.pool = pool;
    e.kind = kind;
    e.data = data;
    e.actor = actor;
    return insert(std::move(e));
}

Result<qint64> Journal::beginStep(
    const QString &pool, const QString &kind, const QJsonObject &data, const QString &actor)
{
    JournalEvent e;
    e.pool = pool;
    e.kind = kind;
    e.phase = JournalPhase::Intent;
    e.data = data;
    e.actor = actor;
    return insert(std::move(e));
}

Result<qint64> Journal::endStep(qint64 intentId, bool ok, const QJsonObject &data)
{
    const auto intent = event(intentId);
    if (!intent || intent->phase != JournalPhase::Intent)
        return Error { QStringLiteral("no_such_step"),
            QStringLiteral("journal has no intent with id %1").arg(intentId) };
    JournalEvent e;
    e.pool = intent->pool;
    e.kind = intent->kind;
    e.phase = JournalPhase::Outcome;
    e.stepId = intentId;
    e.ok = ok;
    e.data = data;
    e.actor = intent->actor;
    return insert(std::move(e));
}

std::optional<JournalEvent> Journal::newest(const QString &pool, const QString &kind) const
{
    JournalQuery q;
    q.pool = pool;
    q.kinds = { kind };
    q.newestFirst = true;
    q.limit = 1;
    const auto last = query(q);
    if (!last || last->isEmpty())
        return std::nullopt;
    return last->first();
}

std::optional<JournalEvent> Journal::event(qint64 id) const
{
    QSqlQuery q(QSqlDatabase::database(m_connectionName));
    q.prepare(QStringLiteral("SELECT %1 FROM events WHERE id = ?").arg(kColumns));
    q.addBindValue(id);
    if (q.exec() && q.next())
        return readRow(q);
    return std::nullopt;
}

qint64 Journal::count() const
{
    QSqlQuery q(QSqlDatabase::database(m_connectionName));
    return q.exec(QStringLiteral("SELECT COUNT(*) FROM events")) && q.next() ? q.value(0).toLongLong() : -1;
}

Result<QList<JournalEvent>> Journal::query(const JournalQuery &jq) const
{
    QStringList where;
    QVariantList binds;
    if (!jq.pool.isEmpty()) {
        where << QStringLiteral("pool = ?");
        binds << jq.pool;
    }
    if (!jq.kinds.isEmpty()) {
        QStringList marks;
        for (const QString &k : jq.kinds) {
            marks << QStringLiteral("?");
            binds << k;
        }
        where << QStringLiteral("kind IN (%1)").arg(marks.join(QLatin1Char(',')));
    }
    if (jq.from.isValid()) {
        where << QStringLiteral("ts_ms >= ?");
        binds << jq.from.toMSecsSinceEpoch();
    }
    if (jq.to.isValid()) {
        where << QStringLiteral("ts_ms < ?");
        binds << jq.to.toMSecsSinceEpoch();
    }
    if (jq.afterId > 0) {
        where << (jq.newestFirst ? QStringLiteral("id < ?") : QStringLiteral("id > ?"));
        binds << jq.afterId;
    }
    QString sql = QStringLiteral("SELECT %1 FROM events").arg(kColumns);
    if (!where.isEmpty())
        sql += QStringLiteral(" WHERE ") + where.join(QStringLiteral(" AND "));
    sql += jq.newestFirst ? QStringLiteral(" ORDER BY id DESC") : QStringLiteral(" ORDER BY id ASC");
    sql += QStringLiteral(" LIMIT %1").arg(qBound(1, jq.limit, 10000));

    QSqlQuery q(QSqlDatabase::database(m_connectionName));
    q.prepare(sql);
    for (const QVariant &b : std::as_const(binds))
        q.addBindValue(b);
    if (!q.exec())
        return sqlError(QStringLiteral("journal query failed"), q.lastError());
    QList<JournalEvent> out;
    while (q.next())
        out.append(readRow(q));
    return out;
}

Result<QList<JournalEvent>> Journal::openSteps(const QString &pool) const
{
    QString sql = QStringLiteral("SELECT %1 FROM events i WHERE i.phase = 1 AND NOT EXISTS "
                                 "(SELECT 1 FROM events o WHERE o.phase = 2 AND o.step_id = i.id)")
                      .arg(kColumns);
    if (!pool.isEmpty())
        sql += QStringLiteral(" AND i.pool = ?");
    sql += QStringLiteral(" ORDER BY i.id ASC");
    QSqlQuery q(QSqlDatabase::database(m_connectionName));
    q.prepare(sql);
    if (!pool.isEmpty())
        q.addBindValue(pool);
    if (!q.exec())
        return sqlError(QStringLiteral("journal query failed"), q.lastError());
    QList<JournalEvent> out;
    while (q.next())
        out.append(readRow(q));
    return out;
}

} // namespace gpufailover

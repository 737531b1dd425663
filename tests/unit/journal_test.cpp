#include "core/alertlog.h"
#include "core/journal.h"
#include "core/testclock.h"

#include <QSignalSpy>
#include <QSqlDatabase>
#include <QSqlQuery>
#include <QTemporaryDir>

#include <gtest/gtest.h>

using namespace gpufailover;

namespace {
struct JournalTest : ::testing::Test
{
    QTemporaryDir dir;
    TestClock clock;
    QString path() const { return dir.filePath(QStringLiteral("journal.sqlite")); }
    std::unique_ptr<Journal> open()
    {
        auto j = Journal::open(path(), &clock);
        EXPECT_TRUE(j.ok()) << (j.ok() ? "" : j.error().message.toStdString());
        return j.ok() ? std::move(j).value() : nullptr;
    }
};
} // namespace

TEST_F(JournalTest, AppendsAndQueriesByPoolKindTimeAndPage)
{
    auto j = open();
    ASSERT_TRUE(j);
    for (int i = 0; i < 10; ++i) {
        ASSERT_TRUE(j->append(i % 2 ? QStringLiteral("a") : QStringLiteral("b"),
            i < 5 ? QStringLiteral("health") : QStringLiteral("cost"), { { QStringLiteral("i"), i } }));
        clock.advance(1000);
    }
    JournalQuery q;
    q.pool = QStringLiteral("a");
    auto a = j->query(q);
    ASSERT_TRUE(a.ok());
    ASSERT_EQ(a->size(), 5);
    EXPECT_EQ(a->at(0).data.value(QStringLiteral("i")).toInt(), 1);

    q = {};
    q.kinds = { QStringLiteral("cost") };
    q.limit = 2;
    auto page1 = j->query(q);
    ASSERT_EQ(page1->size(), 2);
    q.afterId = page1->last().id;
    auto page2 = j->query(q);
    ASSERT_EQ(page2->size(), 2);
    EXPECT_EQ(page2->at(0).data.value(QStringLiteral("i")).toInt(), 7);

    q = {};
    const QDateTime t0 = j->event(1)->time;
    q.from = t0.addMSecs(2000);
    q.to = t0.addMSecs(4000);
    auto window = j->query(q);
    ASSERT_EQ(window->size(), 2);
    EXPECT_EQ(window->at(0).data.value(QStringLiteral("i")).toInt(), 2);

    q = {};
    q.newestFirst = true;
    q.limit = 1;
    EXPECT_EQ(j->query(q)->at(0).data.value(QStringLiteral("i")).toInt(), 9);
    EXPECT_EQ(j->count(), 10);
}

TEST_F(JournalTest, IntentWithoutOutcomeIsAnOpenStep)
{
    auto j = open();
    const auto fence
        = j->beginStep(QStringLiteral("p1"), QStringLiteral("fence"), { { QStringLiteral("instance"), 42 } });
    const auto start = j->beginStep(QStringLiteral("p1"), QStringLiteral("start_standby"), {});
    const auto other = j->beginStep(QStringLiteral("p2"), QStringLiteral("fence"), {});
    ASSERT_TRUE(fence && start && other);
    ASSERT_TRUE(j->endStep(*fence, true, { { QStringLiteral("confirmed"), true } }));

    auto open1 = j->openSteps(QStringLiteral("p1"));
    ASSERT_TRUE(open1.ok());
    ASSERT_EQ(open1->size(), 1);
    EXPECT_EQ(open1->at(0).id, *start);
    EXPECT_EQ(open1->at(0).phase, JournalPhase::Intent);
    EXPECT_EQ(j->openSteps()->size(), 2);

    const auto outcome = j->event(j->count());
    ASSERT_TRUE(outcome);
    EXPECT_EQ(outcome->phase, JournalPhase::Outcome);
    EXPECT_EQ(outcome->stepId, *fence);
    EXPECT_EQ(outcome->ok, std::optional<bool>(true));
    EXPECT_EQ(outcome->kind, QStringLiteral("fence"));

    const auto bogus = j->endStep(*fence + 1000, true);
    ASSERT_FALSE(bogus.ok());
    EXPECT_EQ(bogus.error().code, QStringLiteral("no_such_step"));
}

TEST_F(JournalTest, GlobalEventsHaveAnEmptyPool)
{
    auto j = open();
    // Program-level events (daemon started, ...) belong to no pool: a null QString must not fail.
    const auto id = j->append(QString(), QStringLiteral("daemon_started"), {}, QString());
    ASSERT_TRUE(id.ok()) << id.error().message.toStdString();
    EXPECT_EQ(j->event(*id)->pool, QString());
}

TEST_F(JournalTest, EmitsAppendedWithTheStoredEvent)
{
    auto j = open();
    QSignalSpy spy(j.get(), &Journal::appended);
    ASSERT_TRUE(j->append(QStringLiteral("p"), QStringLiteral("k"), {}, QStringLiteral("api:ctl")));
    ASSERT_EQ(spy.count(), 1);
    const auto e = spy.at(0).at(0).value<JournalEvent>();
    EXPECT_EQ(e.actor, QStringLiteral("api:ctl"));
    EXPECT_EQ(e.time, clock.now());
}

TEST_F(JournalTest, IsWalAndSurvivesReopen)
{
    {
        auto j = open();
        ASSERT_TRUE(
            j->append(QStringLiteral("p"), QStringLiteral("k"), { { QStringLiteral("x"), QStringLiteral("é✓") } }));
        EXPECT_EQ(j->schemaVersion(), Journal::kSchemaVersion);
        EXPECT_EQ(j->integrityCheck(), QStringLiteral("ok"));
    }
    auto j = open();
    ASSERT_EQ(j->count(), 1);
    EXPECT_EQ(j->event(1)->data.value(QStringLiteral("x")).toString(), QStringLiteral("é✓"));
    {
        auto db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), QStringLiteral("peek"));
        db.setDatabaseName(path());
        ASSERT_TRUE(db.open());
        QSqlQuery q(db);
        ASSERT_TRUE(q.exec(QStringLiteral("PRAGMA journal_mode")) && q.next());
        EXPECT_EQ(q.value(0).toString(), QStringLiteral("wal"));
    }
    QSqlDatabase::removeDatabase(QStringLiteral("peek"));
}

TEST_F(JournalTest, MigratesAVersion1File)
{
    {
        auto db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), QStringLiteral("v1"));
        db.setDatabaseName(path());
        ASSERT_TRUE(db.open());
        QSqlQuery q(db);
        ASSERT_TRUE(q.exec(
            QStringLiteral("CREATE TABLE events (id INTEGER PRIMARY KEY AUTOINCREMENT, ts_ms INTEGER NOT NULL,"
                           " pool TEXT NOT NULL DEFAULT '', kind TEXT NOT NULL, phase INTEGER NOT NULL DEFAULT 0,"
                           " step_id INTEGER, ok INTEGER, data TEXT NOT NULL DEFAULT '{}')")));
        ASSERT_TRUE(q.exec(QStringLiteral(
            "INSERT INTO events (ts_ms, pool, kind, data) VALUES (1000, 'old', 'legacy', '{\"v\":1}')")));
        ASSERT_TRUE(q.exec(QStringLiteral("PRAGMA user_version=1")));
        db.close();
    }
    QSqlDatabase::removeDatabase(QStringLiteral("v1"));

    auto j = open();
    ASSERT_TRUE(j);
    EXPECT_EQ(j->schemaVersion(), 2);
    const auto old = j->event(1);
    ASSERT_TRUE(old);
    EXPECT_EQ(old->kind, QStringLiteral("legacy"));
    EXPECT_EQ(old->actor, QString());
    EXPECT_EQ(old->data.value(QStringLiteral("v")).toInt(), 1);
    ASSERT_TRUE(j->append(QStringLiteral("new"), QStringLiteral("k"), {}, QStringLiteral("gui")));
    EXPECT_EQ(j->event(2)->actor, QStringLiteral("gui"));
}

TEST_F(JournalTest, RefusesAFileFromANewerVersion)
{
    {
        auto db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), QStringLiteral("future"));
        db.setDatabaseName(path());
        ASSERT_TRUE(db.open());
        QSqlQuery(db).exec(QStringLiteral("PRAGMA user_version=99"));
        db.close();
    }
    QSqlDatabase::removeDatabase(QStringLiteral("future"));
    auto j = Journal::open(path(), &clock);
    ASSERT_FALSE(j.ok());
    EXPECT_EQ(j.error().code, QStringLiteral("journal_too_new"));
}

TEST_F(JournalTest, UnwritableLocationIsAClearError)
{
    auto j = Journal::open(QStringLiteral("/proc/gpufailover/journal.sqlite"), &clock);
    ASSERT_FALSE(j.ok());
    EXPECT_FALSE(j.error().message.isEmpty());
}

namespace {
// A component as the engine has many: it raises alerts as a signal.
class AlertSource final : public QObject
{
    Q_OBJECT
Q_SIGNALS:
    void alert(const QString &kind, const QString &message);
};
} // namespace

// A tier attached with its pool is named to the log twice (as the pool's, and as newly attached):
// each of its alerts is still one event, and a source that goes away is heard no more.
TEST_F(JournalTest, TheAlertLogJournalsEachAlertOnceHoweverOftenItsSourceIsNamed)
{
    auto j = open();
    ASSERT_TRUE(j);
    AlertLog log(j.get());
    auto source = std::make_unique<AlertSource>();
    log.watch(source.get(), QStringLiteral("p"));
    log.watch(source.get(), QStringLiteral("p"));
    Q_EMIT source->alert(QStringLiteral("host_lost"), QStringLiteral("machine 7 is offline"));
    JournalQuery q;
    q.kinds = { AlertLog::kKind };
    auto events = j->query(q);
    ASSERT_TRUE(events.ok());
    ASSERT_EQ(events->size(), 1);
    EXPECT_EQ(events->first().pool, QStringLiteral("p"));
    EXPECT_EQ(events->first().data.value(QStringLiteral("alert")).toString(), QStringLiteral("host_lost"));

    // A new source, wherever it lives in memory, is heard from its first watch.
    source = std::make_unique<AlertSource>();
    log.watch(source.get(), QStringLiteral("q"));
    Q_EMIT source->alert(QStringLiteral("restored"), QStringLiteral("from snapshot 3"));
    events = j->query(q);
    ASSERT_TRUE(events.ok());
    ASSERT_EQ(events->size(), 2);
    EXPECT_EQ(events->last().pool, QStringLiteral("q"));
}

#include "journal_test.moc"

#include "gui/alertnotifier.h"

#include "core/clock.h"

#include <QJsonObject>

namespace gpufailover {

namespace {

struct Kind
{
    const char *kind;
    const char *title;
    AlertNotifier::Severity severity;
    // How a failover ended: a person who was told it started must learn how it ended, so the
    // per-minute cap never holds these back. They cannot storm: the engine itself caps failovers.
    bool outcome = false;
};

using S = AlertNotifier::Severity;
// The alerts that interrupt a person; the others stay in the events view.
const Kind kKinds[] = {
    { "failover_started", QT_TRANSLATE_NOOP("gpufailover::AlertNotifier", "Failover started"), S::Warning },
    { "failover_finished", QT_TRANSLATE_NOOP("gpufailover::AlertNotifier", "Failover finished"), S::Information, true },
    { "failover_failed", QT_TRANSLATE_NOOP("gpufailover::AlertNotifier", "Failover failed"), S::Critical, true },
    { "suspect", QT_TRANSLATE_NOOP("gpufailover::AlertNotifier", "Primary looks unhealthy"), S::Warning },
    { "ambiguous",
        QT_TRANSLATE_NOOP("gpufailover::AlertNotifier", "SSH to the primary fails, the provider says it runs"),
        S::Warning },
    { "credentials", QT_TRANSLATE_NOOP("gpufailover::AlertNotifier", "Vast.ai rejected the API key"), S::Critical },
    { "snapshot_credentials", QT_TRANSLATE_NOOP("gpufailover::AlertNotifier", "Object storage rejected the keys"),
        S::Critical },
    { "standby_red", QT_TRANSLATE_NOOP("gpufailover::AlertNotifier", "Standby not ready"), S::Warning },
    { "budget_warning", QT_TRANSLATE_NOOP("gpufailover::AlertNotifier", "80 % of the budget spent"), S::Warning },
    { "budget_reached", QT_TRANSLATE_NOOP("gpufailover::AlertNotifier", "Budget reached"), S::Critical },
    { "credit_low", QT_TRANSLATE_NOOP("gpufailover::AlertNotifier", "Vast.ai credit running low"), S::Warning },
    { "host_lost", QT_TRANSLATE_NOOP("gpufailover::AlertNotifier", "Host lost: rebuilding elsewhere"), S::Critical },
    { "host_lost_no_snapshot", QT_TRANSLATE_NOOP("gpufailover::AlertNotifier", "Host lost and no verified snapshot"),
        S::Critical },
    { "failover_storm", QT_TRANSLATE_NOOP("gpufailover::AlertNotifier", "Too many failovers: automation paused"),
        S::Critical },
    { "dead_paused", QT_TRANSLATE_NOOP("gpufailover::AlertNotifier", "Primary dead while automation is paused"),
        S::Critical },
    { "cpu_active", QT_TRANSLATE_NOOP("gpufailover::AlertNotifier", "The CPU standby now serves"), S::Warning },
    { "loss_window", QT_TRANSLATE_NOOP("gpufailover::AlertNotifier", "The CPU standby's copy is getting old"),
        S::Warning },
    { "restore_failed", QT_TRANSLATE_NOOP("gpufailover::AlertNotifier", "Restore failed"), S::Critical },
    { "hibernated", QT_TRANSLATE_NOOP("gpufailover::AlertNotifier", "Pool hibernated"), S::Information },
};

const Kind *find(const QString &kind)
{
    for (const Kind &k : kKinds) {
        if (kind == QLatin1StringView(k.kind))
            return &k;
    }
    return nullptr;
}

} // namespace

AlertNotifier::AlertNotifier(Clock *clock, Options options, QObject *parent)
    : QObject(parent)
    , m_clock(clock)
    , m_options(options)
{ }

QList<QPair<QString, QString>> AlertNotifier::notifyingKinds()
{
    QList<QPair<QString, QString>> out;
    for (const Kind &k : kKinds)
        out.append({ QString::fromLatin1(k.kind), tr(k.title) });
    return out;
}

void AlertNotifier::add(const QJsonArray &events)
{
    for (const QJsonValue &v : events) {
        const QJsonObject e = v.toObject();
        if (e.value(QStringLiteral("kind")).toString() != u"alert")
            continue;
        const QJsonObject data = e.value(QStringLiteral("data")).toObject();
        const QString alert = data.value(QStringLiteral("alert")).toString();
        const Kind *k = find(alert);
        if (!k || m_muted.contains(alert))
            continue;
        const QString pool = e.value(QStringLiteral("pool")).toString();
        offer({ tr(k->title),
            pool.isEmpty() ? data.value(QStringLiteral("message")).toString()
                           : tr("Pool %1: %2").arg(pool, data.value(QStringLiteral("message")).toString()),
            k->severity, pool, alert });
    }
}

void AlertNotifier::offer(Notification n)
{
    const qint64 now = m_clock->monotonicMs();
    const QString key = n.pool + u'|' + n.alert;
    const auto last = m_lastShownMs.constFind(key);
    if (last != m_lastShownMs.constEnd() && now - *last < m_options.quietMs) {
        ++m_repeats[key];
        return;
    }
    if (m_windowStartMs < 0 || now - m_windowStartMs >= 60000) {
        if (m_droppedInWindow > 0)
            Q_EMIT notify({ tr("More alerts"),
                tr("%n more alert(s) in the last minute: see the events view.", nullptr, m_droppedInWindow),
                Severity::Warning, {}, {} });
        m_windowStartMs = now;
        m_shownInWindow = 0;
        m_droppedInWindow = 0;
    }
    const Kind *kind = find(n.alert);
    if (m_shownInWindow >= m_options.perMinute && !(kind && kind->outcome)) {
        ++m_droppedInWindow;
        return;
    }
    if (const int repeats = m_repeats.take(key); repeats > 0)
        n.message += u' ' + tr("(%n more time(s) since the last notice)", nullptr, repeats);
    m_lastShownMs.insert(key, now);
    ++m_shownInWindow;
    Q_EMIT notify(n);
}

} // namespace gpufailover

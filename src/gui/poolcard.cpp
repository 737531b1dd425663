#include "gui/poolcard.h"

#include "ui_poolcard.h"

#include <QDateTime>
#include <QEvent>
#include <QMessageBox>

namespace gpufailover {

namespace {

QString colourOf(Protection::Level level)
{
    switch (level) {
    case Protection::Level::Green:
        return QStringLiteral("#2e7d32");
    case Protection::Level::Amber:
        return QStringLiteral("#b26a00");
    case Protection::Level::Red:
        return QStringLiteral("#c62828");
    }
    return {};
}

qint64 idOf(const QJsonObject &o, const char *key)
{
    return qint64(o.value(QLatin1StringView(key)).toDouble());
}

} // namespace

PoolCard::PoolCard(const QString &poolId, QWidget *parent)
    : QFrame(parent)
    , m_ui(std::make_unique<Ui::PoolCard>())
    , m_id(poolId)
{
    m_ui->setupUi(this);
    setObjectName(QStringLiteral("pool-") + poolId);
    connect(m_ui->drillButton, &QPushButton::clicked, this, [this] { Q_EMIT drillRequested(m_id); });
    connect(m_ui->pauseButton, &QPushButton::clicked, this, [this](bool on) { Q_EMIT pauseRequested(m_id, on); });
    connect(m_ui->hibernateButton, &QPushButton::clicked, this, [this] {
        Q_EMIT hibernateRequested(m_id, m_status.value(QStringLiteral("state")).toString() != u"hibernated");
    });
    connect(m_ui->snapshotButton, &QPushButton::clicked, this, [this] { Q_EMIT snapshotRequested(m_id); });
    connect(m_ui->destroyButton, &QPushButton::clicked, this, [this] {
        const auto answer = QMessageBox::warning(this, tr("Destroy pool %1?").arg(m_id),
            tr("This destroys the pool's GPUs and its volume with the data on it. Snapshots in object storage "
               "are kept. This cannot be undone."),
            QMessageBox::Cancel | QMessageBox::Discard, QMessageBox::Cancel);
        if (answer == QMessageBox::Discard)
            Q_EMIT destroyRequested(m_id);
    });
}

PoolCard::~PoolCard() = default;

void PoolCard::setStatus(const QJsonObject &status, const QJsonObject &cost)
{
    if (status == m_status && cost == m_cost)
        return; // nothing changed: no relayout
    m_status = status;
    m_cost = cost;
    render();
}

void PoolCard::changeEvent(QEvent *event)
{
    if (event->type() == QEvent::LanguageChange) {
        m_ui->retranslateUi(this);
        render();
    }
    QFrame::changeEvent(event);
}

// "RTX 4090, $0.38/h, up 2 h 5 min — instance 9000001 on machine 801", from what the provider
// last said; the ids alone until the engine has looked.
QString PoolCard::describe(const QJsonObject &seen, qint64 id, qint64 machine) const
{
    const QString where = tr("instance %1 on machine %2").arg(id).arg(machine);
    if (seen.isEmpty())
        return where;
    QString what = seen.value(QStringLiteral("gpu_name")).toString();
    if (seen.value(QStringLiteral("num_gpus")).toInt() > 1)
        what += QStringLiteral(" ×%1").arg(seen.value(QStringLiteral("num_gpus")).toInt());
    const QString price = Format::dollars(seen.value(QStringLiteral("price_per_hour")).toDouble());
    const QJsonValue uptime = seen.value(QStringLiteral("uptime_s"));
    const QString status = seen.value(QStringLiteral("status")).toString();
    // Stopped is the standby's normal state; anything else the provider says passes through as is.
    const QString state = uptime.isDouble() ? tr("%1/h, up %2").arg(price, Format::duration(uptime.toDouble()))
        : status == u"stopped"              ? tr("stopped, %1/h for its disk").arg(price)
                                            : tr("%1, %2/h").arg(status, price);
    return QStringLiteral("%1, %2 — %3").arg(what, state, where);
}

void PoolCard::render()
{
    const QJsonObject &s = m_status;
    const QString state = s.value(QStringLiteral("state")).toString();
    m_protection = Protection::of(s);
    m_ui->titleLabel->setText(QStringLiteral("<b>%1</b>").arg(m_id.toHtmlEscaped()));
    // The light says it in words too: colour alone is lost on many people and on screen readers.
    m_ui->lightLabel->setText(QStringLiteral("<span style=\"color:%1\">●</span> %2")
                                  .arg(colourOf(m_protection.level), m_protection.headline.toHtmlEscaped()));
    m_ui->lightLabel->setAccessibleDescription(m_protection.headline);
    m_ui->stateLabel->setText(tr("State: %1").arg(Protection::stateName(state)));
    m_ui->reasonLabel->setText(m_protection.reason);

    const qint64 machine = idOf(s, "host_machine_id");
    const qint64 primary = idOf(s, "primary_gpu_id");
    const qint64 standby = idOf(s, "standby_gpu_id");
    m_ui->primaryLabel->setText(
        primary ? describe(s.value(QStringLiteral("primary")).toObject(), primary, machine) : tr("none"));
    m_ui->standbyLabel->setText(standby
            ? describe(s.value(QStringLiteral("standby")).toObject(), standby, machine)
            : tr("none (%n failover(s) so far)", nullptr, s.value(QStringLiteral("failover_count")).toInt()));
    const QJsonObject cpu = s.value(QStringLiteral("cpu_standby")).toObject();
    m_ui->cpuLabel->setText(cpu.isEmpty() ? tr("not used")
                                          : tr("%1 (%2, %3 syncs)")
                                                .arg(cpu.value(QStringLiteral("vm")).toString(tr("no VM")),
                                                    cpu.value(QStringLiteral("state")).toString())
                                                .arg(cpu.value(QStringLiteral("syncs_completed")).toInt()));

    // The loss window: the age of the newest complete copy, whichever tier holds it.
    const QJsonObject snapshots = s.value(QStringLiteral("snapshots")).toObject();
    QList<double> ages;
    if (cpu.value(QStringLiteral("loss_window_s")).isDouble())
        ages.append(cpu.value(QStringLiteral("loss_window_s")).toDouble());
    if (snapshots.value(QStringLiteral("last_verified_age_s")).isDouble())
        ages.append(snapshots.value(QStringLiteral("last_verified_age_s")).toDouble());
    if (standby && state != u"degraded")
        m_ui->lossLabel->setText(tr("none: the standby shares the primary's volume"));
    else if (!ages.isEmpty())
        m_ui->lossLabel->setText(Format::duration(*std::min_element(ages.cbegin(), ages.cend())));
    else
        m_ui->lossLabel->setText(tr("no copy yet"));
    const QDateTime point = QDateTime::fromString(
        snapshots.value(QStringLiteral("last_verified_restore_point")).toString(), Qt::ISODateWithMs);
    m_ui->restoreLabel->setText(point.isValid()
            ? tr("%1 (%2 ago)")
                  .arg(QLocale().toString(point.toLocalTime(), QLocale::ShortFormat),
                      Format::duration(snapshots.value(QStringLiteral("last_verified_age_s")).toDouble()))
            : (snapshots.isEmpty() ? tr("snapshots off") : tr("none yet")));
    m_ui->costLabel->setText(m_cost.isEmpty()
            ? tr("not measured yet")
            : tr("%1/h now, %2 this month, %3 forecast")
                  .arg(Format::dollars(m_cost.value(QStringLiteral("rate_per_hour")).toDouble()),
                      Format::dollars(m_cost.value(QStringLiteral("month_to_date")).toDouble()),
                      Format::dollars(m_cost.value(QStringLiteral("forecast_month")).toDouble())));

    const bool running = state == u"active" || state == u"paused";
    m_ui->drillButton->setEnabled(running && standby);
    m_ui->pauseButton->setEnabled(running);
    m_ui->pauseButton->setChecked(state == u"paused");
    m_ui->hibernateButton->setEnabled(running || state == u"hibernated");
    m_ui->hibernateButton->setText(state == u"hibernated" ? tr("&Wake") : tr("&Hibernate"));
    m_ui->snapshotButton->setEnabled(!snapshots.isEmpty() && !snapshots.value(QStringLiteral("busy")).toBool());
}

} // namespace gpufailover

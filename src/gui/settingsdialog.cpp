#include "gui/settingsdialog.h"

#include "gui/alertnotifier.h"
#include "gui/enginelink.h"
#include "gui/languageswitcher.h"

#include "ui_settingsdialog.h"

#include <QEvent>
#include <QPushButton>

namespace gpufailover {

namespace {

// The engine stores the budget in cents; people think in dollars.
const QString kBudget = QStringLiteral("budget/monthlyCents");

QJsonValue valueOf(QAbstractSpinBox *field)
{
    if (auto *d = qobject_cast<QDoubleSpinBox *>(field))
        return qRound64(d->value() * 100);
    return static_cast<QSpinBox *>(field)->value();
}

} // namespace

SettingsDialog::SettingsDialog(
    EngineLink *link, const QString &language, const QStringList &mutedAlerts, QWidget *parent)
    : QDialog(parent)
    , m_ui(std::make_unique<Ui::SettingsDialog>())
    , m_link(link)
    , m_language(language)
{
    m_ui->setupUi(this);
    setObjectName(QStringLiteral("settingsDialog"));
    m_fields = { { QStringLiteral("health/intervalS"), m_ui->healthIntervalSpin },
        { QStringLiteral("health/failureThreshold"), m_ui->failureThresholdSpin },
        { QStringLiteral("health/probeTimeoutS"), m_ui->probeTimeoutSpin },
        { QStringLiteral("failover/fenceDeadlineS"), m_ui->fenceDeadlineSpin },
        { QStringLiteral("failover/standbyStartDeadlineS"), m_ui->standbyDeadlineSpin },
        { QStringLiteral("cpuStandby/syncIntervalS"), m_ui->syncIntervalSpin },
        { QStringLiteral("snapshots/intervalMin"), m_ui->snapshotIntervalSpin },
        { QStringLiteral("snapshots/keepLast"), m_ui->keepLastSpin },
        { QStringLiteral("snapshots/keepDaily"), m_ui->keepDailySpin },
        { QStringLiteral("snapshots/drillEvery"), m_ui->drillEverySpin }, { kBudget, m_ui->budgetSpin },
        { QStringLiteral("api/port"), m_ui->apiPortSpin } };
    for (const auto &[kind, title] : AlertNotifier::notifyingKinds()) {
        auto *item = new QListWidgetItem(title, m_ui->notificationsList);
        item->setData(Qt::UserRole, kind);
        item->setFlags(item->flags() | Qt::ItemIsUserCheckable);
        item->setCheckState(mutedAlerts.contains(kind) ? Qt::Unchecked : Qt::Checked);
    }
    fillLanguages();
    connect(m_ui->buttons, &QDialogButtonBox::accepted, this, &SettingsDialog::accept);
    connect(m_ui->buttons, &QDialogButtonBox::rejected, this, &SettingsDialog::reject);
    m_ui->buttons->button(QDialogButtonBox::Ok)->setEnabled(false);
    m_ui->statusLabel->setText(tr("Asking the engine for its settings…"));
    link->call("GET", QStringLiteral("/api/settings"), {}, [this](int status, const QJsonObject &answer) {
        if (status != 200)
            return m_ui->statusLabel->setText(
                tr("The engine's settings cannot be read: %1").arg(answer.value(QStringLiteral("message")).toString()));
        load(answer.value(QStringLiteral("settings")).toObject());
    });
}

SettingsDialog::~SettingsDialog() = default;

void SettingsDialog::fillLanguages()
{
    m_ui->languageCombo->clear();
    m_ui->languageCombo->addItem(tr("As the system"), QString());
    for (const auto &[locale, name] : LanguageSwitcher::available())
        m_ui->languageCombo->addItem(name, locale);
    m_ui->languageCombo->setCurrentIndex(std::max(0, m_ui->languageCombo->findData(m_language)));
}

void SettingsDialog::changeEvent(QEvent *event)
{
    if (event->type() == QEvent::LanguageChange) {
        m_ui->retranslateUi(this);
        fillLanguages();
    }
    QDialog::changeEvent(event);
}

void SettingsDialog::load(const QJsonObject &settings)
{
    for (auto it = m_fields.constBegin(); it != m_fields.constEnd(); ++it) {
        const QJsonObject s = settings.value(it.key()).toObject();
        const double scale = it.key() == kBudget ? 0.01 : 1.0;
        // The engine's own bounds: the form offers only values it will take.
        if (auto *d = qobject_cast<QDoubleSpinBox *>(it.value())) {
            d->setRange(
                s.value(QStringLiteral("min")).toDouble() * scale, s.value(QStringLiteral("max")).toDouble() * scale);
            d->setValue(s.value(QStringLiteral("value")).toDouble() * scale);
        } else {
            auto *spin = static_cast<QSpinBox *>(it.value());
            spin->setRange(s.value(QStringLiteral("min")).toInt(), s.value(QStringLiteral("max")).toInt());
            spin->setValue(s.value(QStringLiteral("value")).toInt());
        }
        m_loadedValues.insert(it.key(), valueOf(it.value()));
    }
    m_loaded = true;
    m_ui->statusLabel->clear();
    m_ui->buttons->button(QDialogButtonBox::Ok)->setEnabled(true);
}

QString SettingsDialog::language() const
{
    return m_ui->languageCombo->currentData().toString();
}

QStringList SettingsDialog::mutedAlerts() const
{
    QStringList muted;
    for (int i = 0; i < m_ui->notificationsList->count(); ++i) {
        const QListWidgetItem *item = m_ui->notificationsList->item(i);
        if (item->checkState() == Qt::Unchecked)
            muted << item->data(Qt::UserRole).toString();
    }
    return muted;
}

void SettingsDialog::accept()
{
    QJsonObject changed;
    for (auto it = m_fields.constBegin(); it != m_fields.constEnd(); ++it) {
        if (valueOf(it.value()) != m_loadedValues.value(it.key()))
            changed.insert(it.key(), valueOf(it.value()));
    }
    if (changed.isEmpty())
        return QDialog::accept();
    m_ui->buttons->button(QDialogButtonBox::Ok)->setEnabled(false);
    m_ui->statusLabel->setText(tr("Saving…"));
    m_link->call("PUT", QStringLiteral("/api/settings"), changed, [this](int status, const QJsonObject &answer) {
        m_ui->buttons->button(QDialogButtonBox::Ok)->setEnabled(true);
        if (status != 200)
            return m_ui->statusLabel->setText(
                tr("Not saved: %1").arg(answer.value(QStringLiteral("message")).toString()));
        QDialog::accept();
    });
}

} // namespace gpufailover

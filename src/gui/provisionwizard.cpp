#include "gui/provisionwizard.h"

#include "core/warmpool.h"

#include "core/costmodel.h"
#include "gui/enginelink.h"
#include "gui/protection.h"

#include "ui_wizardcredentialspage.h"
#include "ui_wizardhostpage.h"
#include "ui_wizardoptionspage.h"
#include "ui_wizardprogresspage.h"
#include "ui_wizardreviewpage.h"
#include "ui_wizardstrategypage.h"

#include <QFile>
#include <QFileDialog>
#include <QHeaderView>
#include <QJsonArray>
#include <QJsonDocument>
#include <QRegularExpressionValidator>
#include <QUrlQuery>

#include <array>

namespace gpufailover {

namespace {

// Each page from its .ui form; retranslated with the rest of the app.
template <typename Form> class FormPage : public QWizardPage
{
public:
    explicit FormPage(ProvisionWizard *wizard)
        : m_wizard(wizard)
    {
        m_ui.setupUi(this);
    }

protected:
    void changeEvent(QEvent *event) override
    {
        if (event->type() == QEvent::LanguageChange) {
            m_ui.retranslateUi(this);
            retranslate();
        }
        QWizardPage::changeEvent(event);
    }
    virtual void retranslate() { }
    EngineLink *link() const { return m_wizard->link(); }
    ProvisionWizard::Plan &plan() const { return m_wizard->plan(); }

    ProvisionWizard *m_wizard;
    Form m_ui;
};

QString messageOf(const QJsonObject &answer)
{
    return answer.value(QStringLiteral("message")).toString();
}

class CredentialsPage final : public FormPage<Ui::WizardCredentialsPage>
{
    Q_DECLARE_TR_FUNCTIONS(CredentialsPage)
public:
    explicit CredentialsPage(ProvisionWizard *wizard)
        : FormPage(wizard)
    {
        m_ui.vastKeyEdit->setText(wizard->prefill().vastKey);
        m_ui.gcpJsonEdit->setPlainText(wizard->prefill().gcpServiceAccountJson);
        m_ui.snapshotKeyIdEdit->setText(wizard->prefill().snapshotAccessKeyId);
        m_ui.snapshotSecretEdit->setText(wizard->prefill().snapshotSecretAccessKey);
        QObject::connect(m_ui.checkVastButton, &QPushButton::clicked, this, [this] { check(); });
        QObject::connect(m_ui.vastKeyEdit, &QLineEdit::textChanged, this, [this] {
            m_checked = false;
            m_saved = false;
            Q_EMIT completeChanged();
        });
        // Anything typed after a save (back from a later page) is saved again on Next.
        for (QLineEdit *e : { m_ui.snapshotKeyIdEdit, m_ui.snapshotSecretEdit })
            QObject::connect(e, &QLineEdit::textChanged, this, [this] { m_saved = false; });
        QObject::connect(m_ui.gcpJsonEdit, &QPlainTextEdit::textChanged, this, [this] { m_saved = false; });
        QObject::connect(m_ui.gcpFileButton, &QPushButton::clicked, this, [this] {
            const QString file
                = QFileDialog::getOpenFileName(this, tr("Service account key"), {}, tr("JSON key (*.json)"));
            QFile f(file);
            if (!file.isEmpty() && f.open(QIODevice::ReadOnly))
                m_ui.gcpJsonEdit->setPlainText(QString::fromUtf8(f.read(64 * 1024)));
        });
    }

    void initializePage() override
    {
        // What the engine already holds: a saved key needs no new check.
        link()->call("GET", QStringLiteral("/api/credentials"), {}, [this](int status, const QJsonObject &a) {
            if (status != 200)
                return m_ui.vastStatusLabel->setText(tr("The engine cannot be asked: %1").arg(messageOf(a)));
            const QJsonObject vast = a.value(QStringLiteral("vast_api_key")).toObject();
            m_alreadySet = vast.value(QStringLiteral("set")).toBool();
            if (m_alreadySet) {
                m_ui.vastKeyEdit->setPlaceholderText(
                    tr("saved (%1); type a new one to replace it").arg(vast.value(QStringLiteral("hint")).toString()));
                m_ui.vastStatusLabel->setText(tr("A Vast.ai key is saved in the keychain."));
            }
            const QJsonObject gcp = a.value(QStringLiteral("gcp_service_account_json")).toObject();
            if (gcp.value(QStringLiteral("set")).toBool())
                m_ui.gcpStatusLabel->setText(
                    tr("Saved: service account %1.").arg(gcp.value(QStringLiteral("hint")).toString()));
            Q_EMIT completeChanged();
        });
        if (!m_ui.vastKeyEdit->text().isEmpty())
            check();
    }

    bool isComplete() const override
    {
        return !m_saving && (m_checked || (m_alreadySet && m_ui.vastKeyEdit->text().isEmpty()));
    }

    // Saves what was typed, then moves on by itself: the keychain answers asynchronously.
    bool validatePage() override
    {
        if (m_saved)
            return true;
        QJsonObject body;
        const auto put = [&body](const char *field, const QString &value) {
            if (!value.trimmed().isEmpty())
                body.insert(QLatin1StringView(field), value.trimmed());
        };
        put("vast_api_key", m_ui.vastKeyEdit->text());
        put("gcp_service_account_json", m_ui.gcpJsonEdit->toPlainText());
        put("snapshot_access_key_id", m_ui.snapshotKeyIdEdit->text());
        put("snapshot_secret_access_key", m_ui.snapshotSecretEdit->text());
        if (body.isEmpty())
            return true;
        m_saving = true;
        Q_EMIT completeChanged();
        // A GCP key is asked about first (the Vast.ai key was, above): a key of another project is
        // said here, not when the CPU standby fails to rent.
        if (!body.contains(QStringLiteral("gcp_service_account_json"))) {
            save(body);
            return false;
        }
        m_ui.saveStatusLabel->setText(tr("Asking GCP about the service account…"));
        link()->call("POST", QStringLiteral("/api/credentials/check"),
            QJsonObject { { QStringLiteral("gcp_service_account_json"),
                body.value(QStringLiteral("gcp_service_account_json")) } },
            [this, body](int status, const QJsonObject &a) {
                if (status == 200)
                    return save(body);
                m_saving = false;
                m_ui.saveStatusLabel->setText(tr("Not saved: %1").arg(messageOf(a)));
                Q_EMIT completeChanged();
            });
        return false;
    }

private:
    void save(const QJsonObject &body)
    {
        m_ui.saveStatusLabel->setText(tr("Saving to the keychain…"));
        link()->call("PUT", QStringLiteral("/api/credentials"), body, [this](int status, const QJsonObject &a) {
            m_saving = false;
            if (status != 200) {
                m_ui.saveStatusLabel->setText(tr("Not saved: %1").arg(messageOf(a)));
                return Q_EMIT completeChanged();
            }
            // Never kept in the form once saved.
            m_ui.gcpJsonEdit->clear();
            m_ui.snapshotSecretEdit->clear();
            m_ui.saveStatusLabel->setText(tr("Saved to the keychain."));
            m_saved = true;
            Q_EMIT completeChanged();
            m_wizard->next();
        });
    }

    void check()
    {
        const QString key = m_ui.vastKeyEdit->text().trimmed();
        if (key.isEmpty())
            return;
        m_ui.vastStatusLabel->setText(tr("Asking Vast.ai…"));
        link()->call("POST", QStringLiteral("/api/credentials/check"),
            QJsonObject { { QStringLiteral("vast_api_key"), key } }, [this, key](int status, const QJsonObject &a) {
                if (key != m_ui.vastKeyEdit->text().trimmed())
                    return; // the key changed meanwhile
                m_checked = status == 200;
                m_ui.vastStatusLabel->setText(m_checked
                        ? tr("Key accepted. Credit: %1.")
                              .arg(Format::dollars(a.value(QStringLiteral("credit")).toDouble()))
                        : tr("Key refused: %1").arg(messageOf(a)));
                Q_EMIT completeChanged();
            });
    }

    bool m_checked = false;
    bool m_alreadySet = false;
    bool m_saving = false;
    bool m_saved = false;
};

class StrategyPage final : public FormPage<Ui::WizardStrategyPage>
{
    Q_DECLARE_TR_FUNCTIONS(StrategyPage)
public:
    explicit StrategyPage(ProvisionWizard *wizard)
        : FormPage(wizard)
    {
        retranslate();
    }
    bool validatePage() override
    {
        plan().cpuFallback = m_ui.bothRadio->isChecked();
        return true;
    }

protected:
    void retranslate() override
    {
        // The original design's decision flow, in two sentences.
        m_ui.flowLabel->setText(
            tr("GPU Failover first looks for a host with two free GPUs: one works, the other waits stopped on the "
               "same volume and takes over in about a minute. Where no host has room for two, a cheap Google "
               "Cloud VM keeps a copy of /workspace and serves while a new GPU is found elsewhere."));
    }
};

class HostPage final : public FormPage<Ui::WizardHostPage>
{
    Q_DECLARE_TR_FUNCTIONS(HostPage)
public:
    explicit HostPage(ProvisionWizard *wizard)
        : FormPage(wizard)
    {
        QObject::connect(m_ui.refreshButton, &QPushButton::clicked, this, [this] { search(); });
        QObject::connect(m_ui.hostsView, &QTreeWidget::itemSelectionChanged, this, &HostPage::completeChanged);
    }
    void initializePage() override
    {
        if (m_ui.gpuCombo->count() == 0) {
            link()->call("GET", QStringLiteral("/api/settings"), {}, [this](int, const QJsonObject &a) {
                const QJsonArray preferred = a.value(QStringLiteral("settings"))
                                                 .toObject()
                                                 .value(QStringLiteral("warmPool/preferredGpus"))
                                                 .toObject()
                                                 .value(QStringLiteral("value"))
                                                 .toArray();
                for (const QJsonValue &g : preferred)
                    m_ui.gpuCombo->addItem(g.toString());
                search();
            });
        } else {
            search();
        }
    }
    bool isComplete() const override { return m_ui.hostsView->currentItem() != nullptr; }
    bool validatePage() override
    {
        const QTreeWidgetItem *item = m_ui.hostsView->currentItem();
        const QJsonObject h = item->data(0, Qt::UserRole).toJsonObject();
        plan().machineId = qint64(h.value(QStringLiteral("machine_id")).toDouble());
        plan().gpuName = h.value(QStringLiteral("gpu_name")).toString();
        plan().pricePerGpuHour = h.value(QStringLiteral("price_per_gpu_hour")).toDouble();
        plan().storagePerGbMonth = h.value(QStringLiteral("storage_cost_per_gb_month")).toDouble();
        return true;
    }

private:
    void search()
    {
        QUrlQuery q;
        if (!m_ui.gpuCombo->currentText().isEmpty())
            q.addQueryItem(QStringLiteral("gpu_name"), m_ui.gpuCombo->currentText());
        // The pool starts as a warm pair on the picked machine; the CPU fallback is for later,
        // when no host has room for a new standby.
        q.addQueryItem(QStringLiteral("min_free_gpus"), QStringLiteral("2"));
        m_ui.hostsStatusLabel->setText(tr("Searching the offers…"));
        m_ui.hostsView->clear();
        Q_EMIT completeChanged();
        link()->call("GET", QStringLiteral("/api/warmpool/hosts?") + q.toString(QUrl::FullyEncoded), {},
            [this](int status, const QJsonObject &a) {
                if (status != 200)
                    return m_ui.hostsStatusLabel->setText(tr("No offers: %1").arg(messageOf(a)));
                const QJsonArray hosts = a.value(QStringLiteral("hosts")).toArray();
                for (const QJsonValue &v : hosts) {
                    const QJsonObject h = v.toObject();
                    auto *item = new QTreeWidgetItem(m_ui.hostsView,
                        { QString::number(qint64(h.value(QStringLiteral("machine_id")).toDouble())),
                            h.value(QStringLiteral("gpu_name")).toString(),
                            QString::number(h.value(QStringLiteral("free_gpus")).toInt()),
                            Format::dollars(h.value(QStringLiteral("price_per_gpu_hour")).toDouble()),
                            QStringLiteral("%1 %").arg(
                                h.value(QStringLiteral("reliability")).toDouble() * 100, 0, 'f', 1),
                            h.value(QStringLiteral("geolocation")).toString() });
                    item->setData(0, Qt::UserRole, h);
                }
                if (m_ui.hostsView->topLevelItemCount() > 0)
                    m_ui.hostsView->setCurrentItem(m_ui.hostsView->topLevelItem(0)); // the cheapest
                m_ui.hostsStatusLabel->setText(hosts.isEmpty()
                        ? tr("No machine has room right now; try another GPU model.")
                        : tr("%n machine(s) found.", nullptr, int(hosts.size())));
                Q_EMIT completeChanged();
            });
    }
};

class OptionsPage final : public FormPage<Ui::WizardOptionsPage>
{
    Q_DECLARE_TR_FUNCTIONS(OptionsPage)
public:
    explicit OptionsPage(ProvisionWizard *wizard)
        : FormPage(wizard)
    {
        m_ui.poolIdEdit->setValidator(new QRegularExpressionValidator(
            QRegularExpression(QStringLiteral("[A-Za-z0-9_-]{1,64}")), m_ui.poolIdEdit));
        m_ui.imageEdit->setText(QStringLiteral("pytorch/pytorch"));
        retranslate();
        QObject::connect(m_ui.poolIdEdit, &QLineEdit::textChanged, this, &OptionsPage::completeChanged);
        QObject::connect(m_ui.imageEdit, &QLineEdit::textChanged, this, &OptionsPage::completeChanged);
        QObject::connect(m_ui.snapshotCombo, &QComboBox::currentIndexChanged, this, [this] {
            showSnapshotRows();
            Q_EMIT completeChanged();
        });
        QObject::connect(m_ui.bucketEdit, &QLineEdit::textChanged, this, &OptionsPage::completeChanged);
        QObject::connect(m_ui.placeEdit, &QLineEdit::textChanged, this, &OptionsPage::completeChanged);
        QObject::connect(m_ui.caFileButton, &QToolButton::clicked, this, [this] {
            const QString file = QFileDialog::getOpenFileName(
                this, tr("CA certificate of the store"), {}, tr("PEM certificate (*.pem *.crt);;All files (*)"));
            if (!file.isEmpty())
                m_ui.caEdit->setText(file);
        });
        // A self-hosted store given with the keys (the demo's simulator) is shown chosen.
        const ProvisionWizard::Prefill &prefill = wizard->prefill();
        if (!prefill.snapshotEndpoint.isEmpty()) {
            m_ui.snapshotCombo->setCurrentIndex(SelfHosted);
            m_ui.bucketEdit->setText(prefill.snapshotBucket);
            m_ui.placeEdit->setText(prefill.snapshotEndpoint);
            m_ui.caEdit->setText(prefill.snapshotCaCertFile);
        }
        QObject::connect(m_ui.startCommandEdit, &QLineEdit::textChanged, this, &OptionsPage::sayWhatStarts);
        sayWhatStarts();
    }
    void initializePage() override
    {
        // Only what the picked strategy needs: a zone only with a CPU standby.
        m_ui.zoneLabel->setVisible(plan().cpuFallback);
        m_ui.zoneCombo->setVisible(plan().cpuFallback);
        if (m_ui.poolIdEdit->text().isEmpty())
            m_ui.poolIdEdit->setText(QStringLiteral("pool-%1").arg(plan().machineId));
        if (m_ui.zoneCombo->count() == 0) {
            link()->call("GET", QStringLiteral("/api/settings"), {}, [this](int, const QJsonObject &a) {
                const QJsonObject s = a.value(QStringLiteral("settings")).toObject();
                for (const QJsonValue &z :
                    s.value(QStringLiteral("cpuStandby/zones")).toObject().value(QStringLiteral("value")).toArray())
                    m_ui.zoneCombo->addItem(z.toString());
            });
        }
    }
    bool isComplete() const override
    {
        const bool snapshots = m_ui.snapshotCombo->currentIndex() > NoSnapshots;
        // B2 needs the bucket's region, R2 the Cloudflare account id, a self-hosted store its
        // endpoint: without them no snapshot runs.
        return m_ui.poolIdEdit->hasAcceptableInput() && !m_ui.imageEdit->text().trimmed().isEmpty()
            && (!snapshots
                || (!m_ui.bucketEdit->text().trimmed().isEmpty() && !m_ui.placeEdit->text().trimmed().isEmpty()));
    }
    bool validatePage() override
    {
        QJsonObject c { { QStringLiteral("id"), m_ui.poolIdEdit->text() },
            { QStringLiteral("gpu_names"), QJsonArray { plan().gpuName } }, { QStringLiteral("min_gpus"), 2 },
            { QStringLiteral("volume_size_gb"), m_ui.volumeSpin->value() },
            { QStringLiteral("disk_gb"), m_ui.diskSpin->value() },
            { QStringLiteral("image"), m_ui.imageEdit->text().trimmed() },
            { QStringLiteral("auto_provision_standby"), m_ui.autoStandbyCheck->isChecked() },
            { QStringLiteral("fallback_to_cpu_standby"), plan().cpuFallback },
            { QStringLiteral("hibernate_when_idle"), m_ui.hibernateCheck->isChecked() } };
        if (m_ui.budgetSpin->value() > 0)
            c.insert(QStringLiteral("monthly_budget_usd"), m_ui.budgetSpin->value());
        if (const QString start = m_ui.startCommandEdit->text().trimmed(); !start.isEmpty())
            c.insert(QStringLiteral("start_command"), start);
        plan().config = c;
        plan().settings = {};
        // Per target (the combo's order): its name and the setting the "place" row fills.
        static constexpr std::array<std::pair<const char *, const char *>, 4> kTargets { { { nullptr, nullptr },
            { "b2", "snapshots/region" }, { "r2", "snapshots/accountId" }, { "s3", "snapshots/endpoint" } } };
        const int target = m_ui.snapshotCombo->currentIndex();
        if (target > NoSnapshots) {
            plan().settings
                = QJsonObject { { QStringLiteral("snapshots/target"), QLatin1StringView(kTargets[target].first) },
                      { QStringLiteral("snapshots/bucket"), m_ui.bucketEdit->text().trimmed() },
                      { QLatin1StringView(kTargets[target].second), m_ui.placeEdit->text().trimmed() },
                      { QStringLiteral("snapshots/intervalMin"), m_ui.intervalSpin->value() } };
            if (target == SelfHosted)
                plan().settings.insert(QStringLiteral("snapshots/caCertFile"), m_ui.caEdit->text().trimmed());
        }
        if (plan().cpuFallback && m_ui.zoneCombo->currentIndex() > 0) {
            // The chosen zone first, the others after it as fallbacks.
            QJsonArray zones { m_ui.zoneCombo->currentText() };
            for (int i = 0; i < m_ui.zoneCombo->count(); ++i)
                if (i != m_ui.zoneCombo->currentIndex())
                    zones.append(m_ui.zoneCombo->itemText(i));
            plan().settings.insert(QStringLiteral("cpuStandby/zones"), zones);
        }
        return true;
    }

protected:
    void retranslate() override
    {
        const int index = std::max(0, m_ui.snapshotCombo->currentIndex());
        m_ui.snapshotCombo->clear();
        m_ui.snapshotCombo->addItems(
            { tr("None"), tr("Backblaze B2"), tr("Cloudflare R2"), tr("Self-hosted S3 store (MinIO, Ceph…)") });
        m_ui.snapshotCombo->setCurrentIndex(index);
        showSnapshotRows();
        sayWhatStarts();
    }

private:
    enum Target { NoSnapshots, B2, R2, SelfHosted };
    // The bucket, its region (B2), account (R2) or endpoint and CA (self-hosted) and the interval,
    // only when snapshots are on.
    void showSnapshotRows()
    {
        const int target = m_ui.snapshotCombo->currentIndex();
        for (QWidget *w : std::initializer_list<QWidget *> { m_ui.bucketLabel, m_ui.bucketEdit, m_ui.placeLabel,
                 m_ui.placeEdit, m_ui.intervalLabel, m_ui.intervalSpin })
            w->setVisible(target > NoSnapshots);
        for (QWidget *w : std::initializer_list<QWidget *> { m_ui.caLabel, m_ui.caEdit, m_ui.caFileButton })
            w->setVisible(target == SelfHosted);
        m_ui.placeLabel->setText(target == R2 ? tr("Cloudflare &account id")
                : target == SelfHosted        ? tr("End&point")
                                              : tr("Bucket &region"));
        m_ui.placeEdit->setPlaceholderText(target == R2 ? tr("the 32 characters after dash.cloudflare.com/")
                : target == SelfHosted                  ? QStringLiteral("https://minio.example.org:9000")
                                                        : QStringLiteral("us-west-004"));
    }
    void sayWhatStarts()
    {
        m_ui.optionsStatusLabel->setText(m_ui.startCommandEdit->text().trimmed().isEmpty()
                ? tr("No start command: after a failover the new primary holds your /workspace, but nothing runs "
                     "until you start it.")
                : tr("The start command runs on each new primary once it holds the volume."));
    }
};

class ReviewPage final : public FormPage<Ui::WizardReviewPage>
{
    Q_DECLARE_TR_FUNCTIONS(ReviewPage)
public:
    explicit ReviewPage(ProvisionWizard *wizard)
        : FormPage(wizard)
    {
        m_ui.onstartPreview->setPlainText(WarmPool::onstartPreparation());
    }
    void initializePage() override
    {
        // Prices the engine uses (GCP, object storage), so the estimate matches /api/costs.
        link()->call("GET", QStringLiteral("/api/costs"), {}, [this](int, const QJsonObject &a) {
            const QJsonObject p = a.value(QStringLiteral("prices")).toObject();
            CostPrices prices;
            prices.gcpVmPerHour = p.value(QStringLiteral("gcp_vm_per_hour")).toDouble(prices.gcpVmPerHour);
            prices.gcpDiskPerGbMonth
                = p.value(QStringLiteral("gcp_disk_per_gb_month")).toDouble(prices.gcpDiskPerGbMonth);
            prices.b2PerGbMonth = p.value(QStringLiteral("b2_per_gb_month")).toDouble(prices.b2PerGbMonth);
            prices.r2PerGbMonth = p.value(QStringLiteral("r2_per_gb_month")).toDouble(prices.r2PerGbMonth);
            m_prices = prices;
            render();
        });
        render();
    }
    bool validatePage() override
    {
        if (m_ui.saveDefaultsCheck->isChecked()) {
            QJsonObject defaults = plan().config;
            defaults.remove(QStringLiteral("id"));
            Q_EMIT m_wizard->defaultsChosen(defaults);
        }
        return true;
    }

protected:
    void retranslate() override { render(); }

private:
    void render()
    {
        const ProvisionWizard::Plan &p = plan();
        cost::PlanInputs in;
        in.gpuPerHour = p.pricePerGpuHour;
        in.storagePerGbMonth = p.storagePerGbMonth;
        in.diskGb = p.config.value(QStringLiteral("disk_gb")).toInt();
        in.volumeGb = p.config.value(QStringLiteral("volume_size_gb")).toInt();
        in.warmStandby = true;
        in.cpuStandby = p.cpuFallback;
        in.snapshotTarget = p.settings.value(QStringLiteral("snapshots/target")).toString();
        const cost::PlanEstimate e = cost::estimatePlan(in, m_prices);
        m_ui.summaryLabel->setText(tr("Pool %1: two %2 on machine %3 sharing a %4 GB volume, image %5.")
                                       .arg(p.config.value(QStringLiteral("id")).toString(), p.gpuName)
                                       .arg(p.machineId)
                                       .arg(in.volumeGb)
                                       .arg(p.config.value(QStringLiteral("image")).toString()));
        const QList<QPair<QString, double>> rows { { tr("GPU running"), e.gpuRunning },
            { tr("Standby storage"), e.standbyStorage }, { tr("Volume"), e.volume },
            { tr("CPU VM (only while it stands in: at most)"), e.cpuStandby },
            { tr("Object storage"), e.objectStorage }, { tr("Total a month (at most)"), e.total() } };
        m_ui.costTable->clear();
        m_ui.costTable->setColumnCount(2);
        m_ui.costTable->setRowCount(int(rows.size()));
        m_ui.costTable->setHorizontalHeaderLabels({ tr("Part"), tr("Per month") });
        for (int i = 0; i < rows.size(); ++i) {
            m_ui.costTable->setItem(i, 0, new QTableWidgetItem(rows[i].first));
            auto *amount = new QTableWidgetItem(Format::dollars(rows[i].second));
            amount->setTextAlignment(Qt::AlignRight | Qt::AlignVCenter);
            m_ui.costTable->setItem(i, 1, amount);
        }
        m_ui.costTable->verticalHeader()->hide();
        m_ui.costTable->horizontalHeader()->setSectionResizeMode(0, QHeaderView::Stretch);
        m_ui.costTable->horizontalHeader()->setSectionResizeMode(1, QHeaderView::ResizeToContents);
        // The original design's argument, with this host's prices.
        const double cpu = m_prices.gcpVmPerHour * kHoursPerMonth + in.cpuDiskGb * m_prices.gcpDiskPerGbMonth;
        m_ui.comparisonLabel->setText(
            tr("Protection costs %1 a month as a warm standby, against %2 for a CPU standby VM kept running.")
                .arg(Format::dollars(e.standbyStorage), Format::dollars(cpu)));
    }

    CostPrices m_prices;
};

class ProgressPage final : public FormPage<Ui::WizardProgressPage>
{
    Q_DECLARE_TR_FUNCTIONS(ProgressPage)
public:
    explicit ProgressPage(ProvisionWizard *wizard)
        : FormPage(wizard)
    {
        QObject::connect(
            link(), &EngineLink::eventsArrived, this, [this](const QJsonArray &events) { follow(events); });
    }
    void initializePage() override
    {
        m_done = false;
        m_ok = false;
        m_ui.stepsList->clear();
        m_ui.progressBar->setMaximum(0);
        const auto create = [this] {
            m_ui.stepsList->addItem(tr("Asking the engine to create pool %1…").arg(m_wizard->createdPool()));
            QJsonObject config = plan().config;
            config.insert(QStringLiteral("machine_id"), double(plan().machineId));
            link()->call("POST", QStringLiteral("/api/pools"), config, [this](int status, const QJsonObject &a) {
                if (status != 201)
                    return finish(false, tr("The engine refused the pool: %1").arg(messageOf(a)));
                m_ui.stepsList->addItem(tr("Pool created; renting on machine %1.").arg(plan().machineId));
                link()->refresh();
            });
        };
        if (plan().settings.isEmpty())
            return create();
        link()->call(
            "PUT", QStringLiteral("/api/settings"), plan().settings, [this, create](int status, const QJsonObject &a) {
                if (status != 200)
                    return finish(false, tr("The snapshot settings were refused: %1").arg(messageOf(a)));
                create();
            });
    }
    bool isComplete() const override { return m_done; }

private:
    // Each step of this pool as the journal records it; done when the pool is active, failed when
    // it is degraded (the engine has rolled back what it rented by then: shown in the list).
    void follow(const QJsonArray &events)
    {
        if (m_done || m_wizard->currentId() != ProvisionWizard::Progress)
            return;
        for (const QJsonValue &v : events) {
            const QJsonObject e = v.toObject();
            if (e.value(QStringLiteral("pool")).toString() != m_wizard->createdPool())
                continue;
            const QString kind = e.value(QStringLiteral("kind")).toString();
            const QJsonObject d = e.value(QStringLiteral("data")).toObject();
            const QString phase = e.value(QStringLiteral("phase")).toString();
            if (kind == u"pool_state") {
                const QString to = d.value(QStringLiteral("to")).toString();
                m_ui.stepsList->addItem(QStringLiteral("%1: %2").arg(
                    Protection::stateName(to), d.value(QStringLiteral("reason")).toString()));
                if (to == u"active")
                    finish(true, tr("Pool %1 is active and protected.").arg(m_wizard->createdPool()));
                else if (to == u"degraded")
                    finish(false, tr("Provisioning failed: %1").arg(d.value(QStringLiteral("reason")).toString()));
            } else if (phase == u"intent") {
                m_ui.stepsList->addItem(tr("Step %1 begins").arg(kind));
            } else if (phase == u"outcome") {
                const bool ok = e.value(QStringLiteral("ok")).toBool(true);
                m_ui.stepsList->addItem(ok
                        ? tr("Step %1 done").arg(kind)
                        : tr("Step %1 failed: %2").arg(kind, d.value(QStringLiteral("error")).toString()));
            }
        }
        m_ui.stepsList->scrollToBottom();
    }
    void finish(bool ok, const QString &message)
    {
        m_done = true;
        m_ok = ok;
        m_ui.progressBar->setMaximum(1);
        m_ui.progressBar->setValue(1);
        m_ui.resultLabel->setText(message);
        Q_EMIT completeChanged();
        Q_EMIT m_wizard->provisioned(m_wizard->createdPool(), ok);
    }

    bool m_done = false;
    bool m_ok = false;
};

} // namespace

ProvisionWizard::ProvisionWizard(EngineLink *link, Prefill prefill, QWidget *parent)
    : QWizard(parent)
    , m_link(link)
    , m_prefill(std::move(prefill))
{
    setObjectName(QStringLiteral("provisionWizard"));
    setWindowTitle(tr("Provision a pool"));
    setPage(Credentials, new CredentialsPage(this));
    setPage(Strategy, new StrategyPage(this));
    setPage(Host, new HostPage(this));
    setPage(Options, new OptionsPage(this));
    setPage(Review, new ReviewPage(this));
    setPage(Progress, new ProgressPage(this));
    // Once provisioning started there is no going back: the pool exists.
    connect(this, &QWizard::currentIdChanged, this, [this](int id) {
        button(QWizard::BackButton)->setEnabled(id != Progress);
        button(QWizard::CancelButton)->setEnabled(id != Progress);
    });
}

ProvisionWizard::~ProvisionWizard() = default;

} // namespace gpufailover

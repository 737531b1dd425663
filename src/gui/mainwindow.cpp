#include "gui/mainwindow.h"

#include "gui/chartsview.h"
#include "gui/eventsmodel.h"
#include "gui/poolcard.h"

#include "ui_mainwindow.h"

#include <QActionGroup>
#include <QCloseEvent>
#include <QDateTime>
#include <QHeaderView>
#include <QMenuBar>
#include <QTimer>

namespace gpufailover {

MainWindow::MainWindow(QWidget *parent)
    : QMainWindow(parent)
    , m_ui(std::make_unique<Ui::MainWindow>())
    , m_events(new EventsModel(this))
    , m_filter(new EventFilter(this))
    , m_charts(new ChartsView(this))
{
    m_ui->setupUi(this);
    m_filter->setSourceModel(m_events);
    m_ui->eventsView->setModel(m_filter);
    m_ui->eventsView->horizontalHeader()->setStretchLastSection(true);
    m_ui->eventsView->verticalHeader()->hide();
    m_ui->chartsTab->layout()->addWidget(m_charts);
    connect(m_ui->eventSearch, &QLineEdit::textChanged, m_filter, &EventFilter::setFilterFixedString);
    connect(m_ui->eventKindFilter, &QComboBox::currentIndexChanged, this,
        [this](int i) { m_filter->setCategory(EventFilter::Category(m_ui->eventKindFilter->itemData(i).toInt())); });
    connect(m_ui->actionProvision, &QAction::triggered, this, &MainWindow::provisionRequested);
    connect(m_ui->actionQuickProvision, &QAction::triggered, this, &MainWindow::quickProvisionRequested);
    connect(m_ui->actionSettings, &QAction::triggered, this, &MainWindow::settingsRequested);
    connect(m_ui->actionQuit, &QAction::triggered, this, &MainWindow::quitRequested);
    // The toolbar acts on every pool; each card acts on its own.
    connect(m_ui->actionFailoverDrill, &QAction::triggered, this, [this] {
        for (const QString &id : std::as_const(m_order))
            Q_EMIT drillRequested(id);
    });
    connect(m_ui->actionPauseAutomation, &QAction::triggered, this, [this](bool paused) {
        for (const QString &id : std::as_const(m_order))
            Q_EMIT pauseRequested(id, paused);
    });
    // Charts are rebuilt from their data now and then, not on every event.
    auto *chartsTimer = new QTimer(this);
    connect(chartsTimer, &QTimer::timeout, this, [this] {
        if (m_chartsDirty && m_charts->isVisible())
            redrawCharts();
    });
    connect(m_ui->tabs, &QTabWidget::currentChanged, this, [this] {
        if (m_charts->isVisible())
            redrawCharts();
    });
    chartsTimer->start(3000);
    retranslate();
    setEngineStatus(tr("Engine: starting"));
    setPools({});
}

MainWindow::~MainWindow() = default;

void MainWindow::retranslate()
{
    const int category = m_ui->eventKindFilter->currentIndex();
    m_ui->eventKindFilter->clear();
    for (const auto &[c, name] : EventFilter::categories())
        m_ui->eventKindFilter->addItem(name, int(c));
    m_ui->eventKindFilter->setCurrentIndex(std::max(0, category));
    m_events->retranslate();
    if (m_demoMenu)
        m_demoMenu->setTitle(tr("&Demo"));
    renderTotals();
}

void MainWindow::changeEvent(QEvent *event)
{
    if (event->type() == QEvent::LanguageChange) {
        m_ui->retranslateUi(this);
        retranslate();
    }
    QMainWindow::changeEvent(event);
}

void MainWindow::closeEvent(QCloseEvent *event)
{
    if (m_hideOnClose) {
        hide();
        event->ignore();
        return;
    }
    QMainWindow::closeEvent(event);
    Q_EMIT quitRequested();
}

void MainWindow::setQuickProvisionEnabled(bool enabled)
{
    m_ui->actionQuickProvision->setEnabled(enabled);
}

void MainWindow::setEngineStatus(const QString &text)
{
    m_ui->statusBar->showMessage(text);
}

void MainWindow::setPools(const QJsonArray &pools)
{
    m_pools = pools;
    QStringList seen;
    bool changed = false;
    for (const QJsonValue &v : pools) {
        const QJsonObject p = v.toObject();
        const QString id = p.value(QStringLiteral("pool")).toString();
        seen << id;
        PoolCard *card = m_cards.value(id);
        if (!card) {
            card = new PoolCard(id, m_ui->poolsContainer);
            // Before the spacer, in the API's order.
            m_ui->poolsLayout->insertWidget(m_ui->poolsLayout->count() - 1, card);
            connect(card, &PoolCard::drillRequested, this, &MainWindow::drillRequested);
            connect(card, &PoolCard::pauseRequested, this, &MainWindow::pauseRequested);
            connect(card, &PoolCard::hibernateRequested, this, &MainWindow::hibernateRequested);
            connect(card, &PoolCard::snapshotRequested, this, &MainWindow::snapshotRequested);
            connect(card, &PoolCard::destroyRequested, this, &MainWindow::destroyRequested);
            m_cards.insert(id, card);
            changed = true;
        }
        const Protection::Level before = card->protection().level;
        card->setStatus(p, m_costOf.value(id));
        changed = changed || card->protection().level != before;
    }
    for (const QString &id : m_cards.keys()) {
        if (!seen.contains(id)) {
            delete m_cards.take(id);
            changed = true;
        }
    }
    m_order = seen;
    m_ui->emptyHint->setVisible(m_cards.isEmpty());
    m_ui->actionFailoverDrill->setEnabled(!m_cards.isEmpty());
    m_ui->actionPauseAutomation->setEnabled(!m_cards.isEmpty());
    renderTotals();
    if (changed)
        Q_EMIT protectionChanged();
}

void MainWindow::setCosts(const QJsonObject &costs)
{
    m_costs = costs;
    m_costOf.clear();
    for (const QJsonValue &v : costs.value(QStringLiteral("pools")).toArray())
        m_costOf.insert(v.toObject().value(QStringLiteral("pool")).toString(), v.toObject());
    m_charts->setForecast(costs.value(QStringLiteral("forecast_month")).toDouble());
    setPools(m_pools);
}

void MainWindow::renderTotals()
{
    if (m_costs.isEmpty()) {
        m_ui->totalsLabel->setText(tr("%n pool(s)", nullptr, int(m_cards.size())));
        return;
    }
    QString text = tr("%n pool(s) · %1/h now · %2 this month · %3 forecast for the month", nullptr, int(m_cards.size()))
                       .arg(Format::dollars(m_costs.value(QStringLiteral("rate_per_hour")).toDouble()),
                           Format::dollars(m_costs.value(QStringLiteral("month_to_date")).toDouble()),
                           Format::dollars(m_costs.value(QStringLiteral("forecast_month")).toDouble()));
    const QJsonObject credit = m_costs.value(QStringLiteral("vast_credit")).toObject();
    if (!credit.isEmpty()) {
        text += u" · "
            + tr("Vast.ai credit %1").arg(Format::dollars(credit.value(QStringLiteral("balance")).toDouble()));
        if (credit.value(QStringLiteral("hours_left")).isDouble())
            text += u' '
                + tr("(lasts %1)").arg(Format::duration(credit.value(QStringLiteral("hours_left")).toDouble() * 3600));
    }
    m_ui->totalsLabel->setText(text);
}

void MainWindow::addEvents(const QJsonArray &events)
{
    m_events->add(events);
    m_charts->addEvents(events);
    m_chartsDirty = true;
    if (!events.isEmpty()) {
        const QDateTime last = QDateTime::fromString(
            events.last().toObject().value(QStringLiteral("time")).toString(), Qt::ISODateWithMs);
        m_newestEvent = std::max(m_newestEvent, last);
    }
}

void MainWindow::redrawCharts()
{
    m_chartsDirty = false;
    m_charts->redraw(std::max(QDateTime::currentDateTimeUtc(), m_newestEvent));
}

QList<Protection> MainWindow::protections() const
{
    QList<Protection> out;
    for (const QString &id : m_order)
        out.append(m_cards.value(id)->protection());
    return out;
}

void MainWindow::setLanguages(const QList<QPair<QString, QString>> &languages, const QString &current)
{
    m_ui->languageMenu->clear();
    auto *group = new QActionGroup(m_ui->languageMenu);
    for (const auto &[locale, name] : languages) {
        QAction *a = m_ui->languageMenu->addAction(name);
        a->setCheckable(true);
        a->setChecked(locale == current);
        a->setObjectName(QStringLiteral("language-") + locale);
        group->addAction(a);
        // A copy: clang before 16 cannot capture a structured binding.
        connect(a, &QAction::triggered, this, [this, code = locale] { Q_EMIT languageRequested(code); });
    }
}

void MainWindow::addDemoAction(const QString &text, std::function<void()> action)
{
    if (!m_demoMenu)
        m_demoMenu = menuBar()->addMenu(tr("&Demo"));
    QAction *a = m_demoMenu->addAction(text);
    connect(a, &QAction::triggered, this, [action = std::move(action)] { action(); });
}

} // namespace gpufailover

#include "gui/chartsview.h"

#include "core/costtracker.h"
#include "gui/protection.h"

#include <QAreaSeries>
#include <QBarCategoryAxis>
#include <QBarSet>
#include <QChart>
#include <QChartView>
#include <QDateTimeAxis>
#include <QEvent>
#include <QLineSeries>
#include <QStackedBarSeries>
#include <QTabWidget>
#include <QValueAxis>
#include <QVBoxLayout>

namespace gpufailover {

namespace {

QString componentName(const QString &component)
{
    if (component == u"gpu_primary")
        return ChartsView::tr("GPU running");
    if (component == u"gpu_standby")
        return ChartsView::tr("Standby storage");
    if (component == u"volume")
        return ChartsView::tr("Volume");
    if (component == u"cpu_vm")
        return ChartsView::tr("CPU VM");
    if (component == u"cpu_disk")
        return ChartsView::tr("CPU disk");
    if (component == u"object_storage")
        return ChartsView::tr("Object storage");
    return component;
}

QChartView *makeView(QWidget *parent, const QString &accessibleName)
{
    auto *view = new QChartView(new QChart, parent);
    view->setRenderHint(QPainter::Antialiasing);
    view->setAccessibleName(accessibleName);
    view->chart()->legend()->setAlignment(Qt::AlignBottom);
    return view;
}

void clear(QChart *chart)
{
    chart->removeAllSeries();
    for (QAbstractAxis *axis : chart->axes()) {
        chart->removeAxis(axis);
        delete axis;
    }
}

// A series on `x` below and a value axis from 0 to a little above `top` on the left.
void addSeriesWithAxes(QChart *chart, QAbstractSeries *series, QAbstractAxis *x, double top)
{
    chart->addSeries(series);
    auto *y = new QValueAxis;
    y->setRange(0, std::max(top * 1.1, 1.0));
    chart->addAxis(x, Qt::AlignBottom);
    chart->addAxis(y, Qt::AlignLeft);
    series->attachAxis(x);
    series->attachAxis(y);
}

QDateTimeAxis *timeAxis(const QDateTime &from, const QDateTime &to)
{
    auto *axis = new QDateTimeAxis;
    axis->setFormat(from.daysTo(to) >= 2 ? QStringLiteral("dd MMM") : QStringLiteral("HH:mm"));
    axis->setRange(from, to);
    return axis;
}

} // namespace

ChartsView::ChartsView(QWidget *parent)
    : QWidget(parent)
    , m_tabs(new QTabWidget(this))
    , m_cost(makeView(this, tr("Cost over time")))
    , m_recovery(makeView(this, tr("Recovery time per failover")))
    , m_loss(makeView(this, tr("Loss window over time")))
{
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_tabs);
    m_tabs->addTab(m_cost, {});
    m_tabs->addTab(m_recovery, {});
    m_tabs->addTab(m_loss, {});
    retranslate();
}

void ChartsView::retranslate()
{
    m_tabs->setTabText(0, tr("Cost"));
    m_tabs->setTabText(1, tr("Recovery time"));
    m_tabs->setTabText(2, tr("Loss window"));
    m_cost->setAccessibleName(tr("Cost over time"));
    m_recovery->setAccessibleName(tr("Recovery time per failover"));
    m_loss->setAccessibleName(tr("Loss window over time"));
}

void ChartsView::changeEvent(QEvent *event)
{
    if (event->type() == QEvent::LanguageChange) {
        retranslate();
        if (m_lastNow.isValid())
            redraw(m_lastNow);
    }
    QWidget::changeEvent(event);
}

void ChartsView::addEvents(const QJsonArray &events)
{
    m_data.add(events);
}

void ChartsView::setForecast(double dollars)
{
    m_forecast = dollars;
}

void ChartsView::redraw(const QDateTime &now)
{
    m_lastNow = now;
    drawCost(now);
    drawRecovery();
    drawLoss(now);
}

void ChartsView::drawCost(const QDateTime &now)
{
    QChart *chart = m_cost->chart();
    clear(chart);
    chart->setTitle(tr("Cost so far, by component (forecast for the month: %1)").arg(Format::dollars(m_forecast)));
    const QList<ChartData::CostPoint> points = m_data.cumulativeCost(now);
    if (points.size() < 2)
        return;
    auto *x = timeAxis(points.first().at, points.last().at);
    auto *y = new QValueAxis;
    chart->addAxis(x, Qt::AlignBottom);
    chart->addAxis(y, Qt::AlignLeft);
    // Stacked areas: each component's band lies on the sum of those below it.
    QList<double> below(points.size(), 0.0);
    double top = 0;
    for (const QString &component : CostTracker::components()) { // the stacking order
        auto *lower = new QLineSeries;
        auto *upper = new QLineSeries;
        bool any = false;
        for (qsizetype i = 0; i < points.size(); ++i) {
            const double at = double(points[i].at.toMSecsSinceEpoch());
            const double v = points[i].cumulative.value(component);
            any = any || v > 0;
            lower->append(at, below[i]);
            below[i] += v;
            upper->append(at, below[i]);
            top = std::max(top, below[i]);
        }
        if (!any) {
            delete lower;
            delete upper;
            continue;
        }
        auto *area = new QAreaSeries(upper, lower);
        area->setName(componentName(component));
        chart->addSeries(area);
        area->attachAxis(x);
        area->attachAxis(y);
    }
    y->setRange(0, std::max(top * 1.1, 0.0001));
    // Cents for a month, fractions of a cent for the first minutes.
    y->setLabelFormat(top >= 1 ? QStringLiteral("$%.2f") : QStringLiteral("$%.4f"));
}

void ChartsView::drawRecovery()
{
    QChart *chart = m_recovery->chart();
    clear(chart);
    chart->setTitle(tr("Recovery time per failover (seconds)"));
    if (m_data.recoveries.isEmpty())
        return;
    auto *detection = new QBarSet(tr("Detection"));
    auto *fence = new QBarSet(tr("Fence"));
    auto *start = new QBarSet(tr("Start"));
    auto *ready = new QBarSet(tr("Ready"));
    QStringList categories;
    double top = 0;
    for (const ChartData::Recovery &r : m_data.recoveries) {
        *detection << r.detectionS;
        *fence << r.fenceS;
        *start << r.startS;
        *ready << r.readyS;
        top = std::max(top, r.detectionS + r.fenceS + r.startS + r.readyS);
        categories << (r.ok ? r.at.toLocalTime().toString(QStringLiteral("dd/MM HH:mm"))
                            : tr("%1 (failed)").arg(r.at.toLocalTime().toString(QStringLiteral("dd/MM HH:mm"))));
    }
    auto *series = new QStackedBarSeries;
    series->append({ detection, fence, start, ready });
    auto *x = new QBarCategoryAxis;
    x->append(categories);
    addSeriesWithAxes(chart, series, x, top);
}

void ChartsView::drawLoss(const QDateTime &now)
{
    QChart *chart = m_loss->chart();
    clear(chart);
    chart->setTitle(tr("Loss window: age of the newest complete copy (seconds)"));
    const QList<QPointF> points = m_data.lossWindow(now);
    if (points.size() < 2)
        return;
    auto *series = new QLineSeries;
    series->setName(tr("Loss window"));
    series->append(points);
    double top = 0;
    for (const QPointF &p : points)
        top = std::max(top, p.y());
    addSeriesWithAxes(chart, series, timeAxis(QDateTime::fromMSecsSinceEpoch(qint64(points.first().x())), now), top);
}

} // namespace gpufailover

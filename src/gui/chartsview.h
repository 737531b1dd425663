#pragma once

#include "gui/chartdata.h"

#include <QWidget>

class QChartView;
class QTabWidget;

namespace gpufailover {

// Three charts from the journal: cost over time stacked by component with the month's forecast,
// recovery time per failover as stacked bars (detection, fence, start, ready), and the loss
// window over time.
class ChartsView final : public QWidget
{
    Q_OBJECT
public:
    explicit ChartsView(QWidget *parent = nullptr);

    void addEvents(const QJsonArray &events);
    void setForecast(double dollars); // the month's forecast of all pools (GET /api/costs)
    const ChartData &data() const { return m_data; }
    // Redraws from the data (the views' series are rebuilt; called on a timer, not per event).
    void redraw(const QDateTime &now);

    QChartView *costView() const { return m_cost; }
    QChartView *recoveryView() const { return m_recovery; }
    QChartView *lossView() const { return m_loss; }

protected:
    void changeEvent(QEvent *event) override;

private:
    void drawCost(const QDateTime &now);
    void drawRecovery();
    void drawLoss(const QDateTime &now);
    void retranslate();

    ChartData m_data;
    double m_forecast = 0;
    QDateTime m_lastNow;
    QTabWidget *m_tabs;
    QChartView *m_cost;
    QChartView *m_recovery;
    QChartView *m_loss;
};

} // namespace gpufailover

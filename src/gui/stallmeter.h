#pragma once

#include <QElapsedTimer>
#include <QObject>
#include <QTimer>

#include <algorithm>
#include <vector>

namespace gpufailover {

// How long the GUI thread's event loop was blocked: a timer that should fire every `tickMs`
// records how late each tick came. The longest lateness is the longest stall a user felt.
class StallMeter final : public QObject
{
    Q_OBJECT
public:
    explicit StallMeter(int tickMs = 5, QObject *parent = nullptr)
        : QObject(parent)
        , m_tickMs(tickMs)
    {
        m_timer.setTimerType(Qt::PreciseTimer);
        connect(&m_timer, &QTimer::timeout, this, [this] {
            const qint64 gap = m_clock.restart();
            m_lateMs.push_back(std::max<qint64>(0, gap - m_tickMs));
        });
    }
    void start()
    {
        m_lateMs.clear();
        m_clock.start();
        m_timer.start(m_tickMs);
    }
    void stop() { m_timer.stop(); }
    qint64 longestMs() const { return m_lateMs.empty() ? 0 : *std::max_element(m_lateMs.begin(), m_lateMs.end()); }
    qint64 percentileMs(double p) const
    {
        if (m_lateMs.empty())
            return 0;
        std::vector<qint64> sorted = m_lateMs;
        std::sort(sorted.begin(), sorted.end());
        return sorted[std::min(sorted.size() - 1, size_t(p / 100.0 * double(sorted.size())))];
    }
    size_t ticks() const { return m_lateMs.size(); }

private:
    int m_tickMs;
    QTimer m_timer;
    QElapsedTimer m_clock;
    std::vector<qint64> m_lateMs;
};

} // namespace gpufailover

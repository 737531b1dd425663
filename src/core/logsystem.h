#pragma once

#include <QFile>
#include <QMutex>
#include <QString>

namespace gpufailover {

class Redactor;

// Process-wide log sink: every qDebug/qCWarning line goes through the redactor, then to stderr and
// to a size-rotated file in the data dir (gpufailover.log, .1, .2 ...). main() builds one and
// installs it; destroying it restores Qt's default handler.
class LogSystem final
{
public:
    struct Options
    {
        QString directory; // where the log files live; empty = no file
        QString baseName = QStringLiteral("gpufailover");
        qint64 maxFileBytes = 5 * 1024 * 1024;
        int keepFiles = 5;
        bool toStderr = true;
    };

    LogSystem(Options options, const Redactor *redactor);
    ~LogSystem();
    LogSystem(const LogSystem &) = delete;
    LogSystem &operator=(const LogSystem &) = delete;

    void install();
    QString currentFilePath() const;
    void write(QtMsgType type, const QMessageLogContext &context, const QString &message);

private:
    void rotateLocked();

    Options m_options;
    const Redactor *m_redactor;
    mutable QMutex m_mutex;
    QFile m_file;
    bool m_installed = false;
};

} // namespace gpufailover

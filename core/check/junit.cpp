#include "junit.h"

#include <QXmlStreamWriter>

using namespace Qt::StringLiterals;

namespace hookscope::check {

QByteArray junitXml(const Scorecard& card, const QString& target)
{
    int failures = 0;
    int skipped = 0;
    qint64 totalMs = 0;
    for (const CheckResult& c : card.checks) {
        if (!c.applies)
            ++skipped;
        else if (c.passed != true)
            ++failures;
        totalMs += std::max<qint64>(c.ms, 0);
    }
    QByteArray xml;
    QXmlStreamWriter w(&xml);
    w.setAutoFormatting(true);
    w.writeStartDocument();
    w.writeStartElement(u"testsuites"_s);
    w.writeStartElement(u"testsuite"_s);
    w.writeAttribute(u"name"_s, u"hookscope check"_s);
    w.writeAttribute(u"tests"_s, QString::number(card.checks.size()));
    w.writeAttribute(u"failures"_s, QString::number(failures));
    w.writeAttribute(u"errors"_s, u"0"_s);
    w.writeAttribute(u"skipped"_s, QString::number(skipped));
    w.writeAttribute(u"time"_s, QString::number(double(totalMs) / 1000, 'f', 3));
    w.writeStartElement(u"properties"_s);
    w.writeStartElement(u"property"_s);
    w.writeAttribute(u"name"_s, u"target"_s);
    w.writeAttribute(u"value"_s, target);
    w.writeEndElement();
    w.writeEndElement();
    for (const CheckResult& c : card.checks) {
        w.writeStartElement(u"testcase"_s);
        w.writeAttribute(u"name"_s, c.id);
        w.writeAttribute(u"classname"_s, u"hookscope.check"_s);
        w.writeAttribute(u"time"_s, QString::number(double(std::max<qint64>(c.ms, 0)) / 1000, 'f', 3));
        if (!c.applies) {
            w.writeStartElement(u"skipped"_s);
            w.writeAttribute(u"message"_s, c.received);
            w.writeEndElement();
        } else if (c.passed != true) {
            w.writeStartElement(u"failure"_s);
            w.writeAttribute(u"message"_s, c.received);
            w.writeAttribute(u"type"_s, c.required ? u"required"_s : u"optional"_s);
            w.writeCharacters(u"sent: %1\nreceived: %2\nwhy: %3"_s.arg(c.sent, c.received, c.why));
            w.writeEndElement();
        }
        QStringList out { u"sent: "_s + c.sent, u"received: "_s + c.received };
        for (const QString& warning : c.warnings)
            out << u"warning: "_s + warning;
        w.writeTextElement(u"system-out"_s, out.join(u'\n'));
        w.writeEndElement();
    }
    w.writeEndElement();
    w.writeEndElement();
    w.writeEndDocument();
    return xml;
}

} // namespace hookscope::check

#pragma once

#include "core/email/sampleevent.h"

#include <QByteArray>
#include <QString>

namespace hookscope::ui {

using email::SampleAttachment;
using email::SampleEmail;
using email::sampleEmail;

/** A small PNG of `size` with a coloured block and `label` (inline images and attachments). */
QByteArray samplePng(const QString& label, int width, int height, const QString& color);

} // namespace hookscope::ui

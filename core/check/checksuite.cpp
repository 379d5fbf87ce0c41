#include "checksuite.h"

#include "checks.h"

namespace hookscope::check {

Scorecard runChecks(const CheckOptions& options, const CheckProgress& progress, const std::atomic_bool* cancel)
{
    Scorecard card;
    CheckContext context(options, cancel);
    for (const CheckDefinition& definition : checkDefinitions()) {
        if (!options.selected(definition.id))
            continue;
        if (context.cancelled())
            break;
        if (progress.started)
            progress.started(definition.id);
        CheckResult result = definition.run(context);
        if (progress.finished)
            progress.finished(result);
        card.checks.append(std::move(result));
    }
    return card;
}

QString displayTarget(const QUrl& target)
{
    return target.adjusted(QUrl::RemoveUserInfo).toString();
}

} // namespace hookscope::check

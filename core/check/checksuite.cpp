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

store::CheckRun storedRun(const CheckOptions& options, const Scorecard& card, qint64 startedUs)
{
    store::CheckRun run;
    run.startedUs = startedUs;
    run.targetUrl = displayTarget(options.target);
    run.scheme = options.scheme;
    run.passed = card.passed();
    run.result = card.toJson();
    return run;
}

} // namespace hookscope::check

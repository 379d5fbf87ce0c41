// hookscope-window: the window, started by `hookscope` without a subcommand (see openwindow.cpp). Only this
// program links the ui library, Qt Widgets and Qt WebEngine.

#include "cli.h"

int main(int argc, char** argv)
{
    return hookscope::cli::runGui(argc, argv);
}

// Must not compile: see tests/layering/CMakeLists.txt.
#include <QWidget>

int main()
{
    return 0;
}

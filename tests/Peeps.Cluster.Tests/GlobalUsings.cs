// Project-wide usings are kept here, where code is read, rather than in the project file.
global using Peeps.Testing;
global using Xunit;

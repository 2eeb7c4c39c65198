package app.tandem.ui.collab;

import com.vaadin.flow.router.RouteConfiguration;
import com.vaadin.flow.server.ServiceInitEvent;
import com.vaadin.flow.server.VaadinServiceInitListener;
import com.vaadin.flow.server.startup.ApplicationRouteRegistry;

/**
 * Registers the test-only page when the test classes are on the classpath (through
 * {@code META-INF/services} in src/test/resources). The embedded Jetty scans only {@code .../classes/}, not
 * {@code test-classes}, so a {@code @Route} annotation there would not be found.
 */
public class CollabTextTestRoutes implements VaadinServiceInitListener {
    @Override
    public void serviceInit(ServiceInitEvent event) {
        RouteConfiguration.forRegistry(ApplicationRouteRegistry.getInstance(event.getSource().getContext()))
                .setRoute(CollabTextTestView.ROUTE, CollabTextTestView.class);
    }
}
